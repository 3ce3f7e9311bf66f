package io.cachette.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreMutationTest {

    @Test
    void keepAndRemove_carryNoValue_andAreShared() {
        assertEquals(StoreMutation.Kind.KEEP, StoreMutation.keep().kind());
        assertNull(StoreMutation.keep().value());
        assertSame(StoreMutation.keep(), StoreMutation.keep());
        assertEquals(StoreMutation.Kind.REMOVE, StoreMutation.remove().kind());
        assertNull(StoreMutation.remove().value());
    }

    @Test
    void write_carriesValueAndExpiry() {
        StoreMutation<String> write = StoreMutation.write("v", 42L);

        assertEquals(StoreMutation.Kind.WRITE, write.kind());
        assertEquals("v", write.value());
        assertEquals(42L, write.expiresAtMillis());
    }

    @Test
    void write_nullValue_throwsNamingIt() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> StoreMutation.write(null, 1L));

        assertEquals("value", e.getMessage());
    }

    @Test
    void constructor_valueOnlyWithWrite() {
        assertThrows(IllegalArgumentException.class, () -> new StoreMutation<>(StoreMutation.Kind.KEEP, "v", 0L));
        assertThrows(IllegalArgumentException.class, () -> new StoreMutation<>(StoreMutation.Kind.WRITE, null, 0L));
    }
}
