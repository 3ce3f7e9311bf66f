package io.cachette.micrometer;

import io.cachette.testing.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module descriptor exports only the binders' package; the memcached backend, the Hibernate region factory
 * (with Hibernate) and Spring are optional ({@code requires static}), so an application with none of them still
 * resolves the module.
 */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = ModuleDescriptors.of(CachetteMetrics.class);

    @Test
    void exports_onlyTheBindersPackage() {
        assertEquals("io.cachette.micrometer", module.name());
        assertEquals(Set.of("io.cachette.micrometer"), ModuleDescriptors.exportedPackages(module));
    }

    @Test
    void requires_memcachedHibernateAndSpringOnlyStatically() {
        for (ModuleDescriptor.Requires requires : module.requires()) {
            if (requires.name().startsWith("io.cachette.memcached") || requires.name().startsWith("io.cachette.hibernate")
                    || requires.name().startsWith("org.hibernate") || requires.name().startsWith("spring.")) {
                assertTrue(requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC),
                        requires.toString());
            }
        }
    }

    @Test
    void opens_theAutoConfigurationToSpringWithoutExportingIt() {
        assertTrue(module.opens().stream().anyMatch(o -> o.source().equals("io.cachette.micrometer.autoconfigure")),
                module.opens().toString());
    }
}
