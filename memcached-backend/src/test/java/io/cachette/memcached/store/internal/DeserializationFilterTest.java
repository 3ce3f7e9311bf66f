package io.cachette.memcached.store.internal;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeserializationFilterTest {

    static final class Payload implements Serializable {
    }

    private final ClassLoader loader = getClass().getClassLoader();

    private DeserializationFilter filter(List<String> allow, List<String> deny, boolean applicationClasses) {
        return new DeserializationFilter(allow, deny, applicationClasses, loader, 1 << 20);
    }

    @Test
    void jdkValueTypes_areAdmitted() {
        DeserializationFilter filter = filter(List.of(), List.of(), false);

        for (Class<?> type : List.of(String.class, Integer.class, BigDecimal.class, UUID.class, LocalDate.class,
                ArrayList.class, HashMap.class, int[].class, String[][].class)) {
            assertTrue(filter.admits(type), type.getName());
        }
    }

    @Test
    void otherJdkClasses_andGadgetPackages_areRejected() {
        DeserializationFilter filter = filter(List.of(), List.of(), true);

        assertFalse(filter.admits(javax.management.BadAttributeValueExpException.class));
        assertFalse(filter.admits(java.net.URL.class));
        assertFalse(filter.admits(java.lang.reflect.Proxy.class));
        assertFalse(filter.admits(java.rmi.MarshalledObject.class));
    }

    @Test
    void applicationClasses_areAdmittedOnlyWhenAllowed() {
        assertTrue(filter(List.of(), List.of(), true).admits(Payload.class));
        assertFalse(filter(List.of(), List.of(), false).admits(Payload.class));
        assertTrue(filter(List.of("io.cachette.memcached.store.internal.*"), List.of(), false).admits(Payload.class));
    }

    @Test
    void denyPatterns_winOverEverything() {
        DeserializationFilter filter = filter(List.of("io.cachette.**"), List.of(Payload.class.getName()), true);

        assertFalse(filter.admits(Payload.class));
        assertFalse(filter.admits(Payload[].class));
    }

    @Test
    void gadgetList_coversTheWellKnownChains() {
        for (String gadget : List.of("org.apache.commons.collections.functors.InvokerTransformer",
                "org.codehaus.groovy.runtime.ConvertedClosure",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
                "org.springframework.beans.factory.ObjectFactory")) {
            assertTrue(new ClassPatterns(DeserializationFilter.GADGETS).matches(gadget), gadget);
        }
    }

    @Test
    void classPatterns_followJdkSerialFilterSyntax() {
        assertTrue(ClassPatterns.matches("a.b.*", "a.b.C"));
        assertFalse(ClassPatterns.matches("a.b.*", "a.b.c.D"));
        assertTrue(ClassPatterns.matches("a.b.**", "a.b.c.D"));
        assertTrue(ClassPatterns.matches("a.b.Pre*", "a.b.Prefixed"));
        assertTrue(ClassPatterns.matches("a.b.C", "a.b.C"));
        assertFalse(ClassPatterns.matches("a.b.C", "a.b.CD"));
    }
}
