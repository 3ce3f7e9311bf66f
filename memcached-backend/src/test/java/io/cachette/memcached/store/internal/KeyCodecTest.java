package io.cachette.memcached.store.internal;

import io.cachette.memcached.store.internal.KeyCodec;
import io.cachette.memcached.store.internal.RejectedPayloadException;
import io.cachette.memcached.store.internal.ValueCodec;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCodecTest {

    record OrderKey(String region, long id) implements Serializable {
    }

    private final KeyCodec codec = codec(true);

    static KeyCodec codec(boolean allowApplicationClasses) {
        ClassLoader loader = KeyCodecTest.class.getClassLoader();
        DeserializationFilter filter = new DeserializationFilter(List.of(), List.of(), allowApplicationClasses,
                loader, 1 << 20);
        return new KeyCodec(new ValueCodec(filter, loader), filter::admits, loader);
    }

    @Test
    void encode_jdkTypes_useTheDocumentedCanonicalText() {
        assertEquals("sabc", KeyCodec.encode("abc"));
        assertEquals("i42", KeyCodec.encode(42));
        assertEquals("l42", KeyCodec.encode(42L));
        assertEquals("h7", KeyCodec.encode((short) 7));
        assertEquals("b-1", KeyCodec.encode((byte) -1));
        assertEquals("t", KeyCodec.encode(true));
        assertEquals("f", KeyCodec.encode(false));
        assertEquals("cx", KeyCodec.encode('x'));
        assertEquals("d1.5", KeyCodec.encode(1.5d));
        assertEquals("f1.5", KeyCodec.encode(1.5f));
        assertEquals("I123456789012345678901234567890", KeyCodec.encode(new BigInteger("123456789012345678901234567890")));
        assertEquals("D1.50", KeyCodec.encode(new BigDecimal("1.50")));
        assertEquals("u00000000-0000-0001-0000-000000000002", KeyCodec.encode(new UUID(1, 2)));
        assertEquals("ejava.util.concurrent.TimeUnit#SECONDS", KeyCodec.encode(TimeUnit.SECONDS));
    }

    @Test
    void encode_subclassOfBigNumber_keepsItsSuperclassTag() {
        assertEquals("I12", KeyCodec.encode(new BigInteger("12") { }));
        assertEquals("D1.50", KeyCodec.encode(new BigDecimal("1.50") { }));
    }

    @Test
    void encode_sameNumberDifferentTypes_giveDifferentText() {
        assertNotEquals(KeyCodec.encode(1), KeyCodec.encode(1L));
        assertNotEquals(KeyCodec.encode(1), KeyCodec.encode("1"));
        assertNotEquals(KeyCodec.encode(new BigDecimal("1.0")), KeyCodec.encode(new BigDecimal("1.00")));
    }

    @Test
    void decode_roundTripsEveryKind() {
        List<Object> keys = List.of("", "a b\tc", "ünïcödé 😀", 0, -7, Long.MIN_VALUE, (short) 3, (byte) 4, true,
                false, 'q', 0.1d, -0.0d, Double.NaN, 2.5f, new BigInteger("-99"), new BigDecimal("3.140"),
                UUID.randomUUID(), TimeUnit.DAYS, new OrderKey("eu", 9));
        for (Object key : keys) {
            assertEquals(key, codec.decode(KeyCodec.encode(key)), "round trip of " + key);
        }
    }

    @Test
    void encode_equalSerializableRecords_giveEqualText() {
        assertEquals(KeyCodec.encode(new OrderKey("eu", 9)), KeyCodec.encode(new OrderKey("eu", 9)));
        assertTrue(KeyCodec.encode(new OrderKey("eu", 9)).startsWith("j"));
    }

    @Test
    void encode_notSerializable_failsNamingType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyCodec.encode(new Object()));

        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void decode_serializedApplicationClass_rejectedWhenApplicationClassesAreNotAllowed() {
        String text = KeyCodec.encode(new OrderKey("eu", 9));

        assertThrows(RejectedPayloadException.class, () -> codec(false).decode(text));
    }

    @Test
    void decode_garbage_isRejectedNotThrownRaw() {
        assertThrows(RejectedPayloadException.class, () -> codec.decode("iNaN"));
        assertThrows(RejectedPayloadException.class, () -> codec.decode("?x"));
        assertThrows(RejectedPayloadException.class, () -> codec.decode("jAAAA"));
        assertThrows(RejectedPayloadException.class, () -> codec.decode("ejava.lang.String#X"));
    }
}
