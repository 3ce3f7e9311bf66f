package io.cachette.jcache.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class JavaSerializationCopierTest {

    private final Copier copier = new JavaSerializationCopier();
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void copy_immutableJdkValues_passThroughUncopied() {
        for (Object value : List.of("text", 42, 42L, 'c', true, 1.5d, new BigDecimal("1.25"), UUID.randomUUID(),
                LocalDate.of(2024, 1, 31), TimeUnit.SECONDS)) {
            assertSame(value, copier.copy(value, loader), value.getClass().getName());
        }
    }

    @Test
    void copy_mutableValue_isAnEqualButSeparateObject() {
        ArrayList<String> original = new ArrayList<>(List.of("a", "b"));
        ArrayList<String> copy = copier.copy(original, loader);
        assertEquals(original, copy);
        assertNotSame(original, copy);
        original.add("c");
        assertEquals(List.of("a", "b"), copy);
    }

    @Test
    void copy_unserializableValue_failsNamingTheType() {
        CacheException e = assertThrows(CacheException.class, () -> copier.copy(new Unserializable(), loader));
        assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
    }

    @Test
    void copy_serializableHolderOfAnUnserializableField_failsNamingTheOuterType() {
        CacheException e = assertThrows(CacheException.class,
                () -> copier.copy(new Holder(new Unserializable()), loader));
        assertTrue(e.getMessage().contains(Holder.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
    }

    static final class Unserializable {
    }

    static final class Holder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Object field;

        Holder(Object field) {
            this.field = field;
        }
    }
}
