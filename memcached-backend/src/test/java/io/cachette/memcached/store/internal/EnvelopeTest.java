package io.cachette.memcached.store.internal;

import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.RejectedPayloadException;
import io.cachette.memcached.store.internal.ValueCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvelopeTest {

    private final ValueCodec codec = new ValueCodec(new DeserializationFilter(List.of(), List.of(), true,
            getClass().getClassLoader(), 1 << 20), getClass().getClassLoader());

    @Test
    void encode_string_isHeaderThenUtf8() {
        byte[] bytes = Envelope.encode("hé", 0x0102030405060708L, null);

        assertArrayEquals(new byte[] {1, ValueCodec.UTF8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 'h', (byte) 0xc3, (byte) 0xa9},
                bytes);
    }

    @Test
    void decode_roundTripsExpiryKeyAndValue() {
        byte[] bytes = Envelope.encode(List.of(1, 2), 123L, "sa key");
        Envelope envelope = Envelope.decode(bytes, Envelope.FLAGS);

        assertEquals(123L, envelope.expiresAtMillis());
        assertEquals("sa key", envelope.keyText());
        assertEquals(List.of(1, 2), codec.read(envelope.codec(), bytes, envelope.payloadOffset(),
                envelope.payloadLength()));
    }

    @Test
    void decode_withoutKey_hasNullKeyText() {
        assertNull(Envelope.decode(Envelope.encode(5, Long.MAX_VALUE, null), Envelope.FLAGS).keyText());
    }

    @Test
    void decode_unpairedSurrogateKeyText_roundTrips() {
        assertEquals("s\uD800x", Envelope.decode(Envelope.encode(5, 1, "s\uD800x"), Envelope.FLAGS).keyText());
    }

    @Test
    void decode_foreignFlagsOrVersion_isRejected() {
        byte[] bytes = Envelope.encode("v", 1, null);

        assertThrows(RejectedPayloadException.class, () -> Envelope.decode(bytes, 0));
        bytes[0] = 9;
        assertThrows(RejectedPayloadException.class, () -> Envelope.decode(bytes, Envelope.FLAGS));
        assertThrows(RejectedPayloadException.class, () -> Envelope.decode(new byte[3], Envelope.FLAGS));
    }

    @Test
    void stringWithUnpairedSurrogate_goesByJavaSerializationLosslessly() {
        byte[] bytes = Envelope.encode("a\uDC00", 1, null);
        Envelope envelope = Envelope.decode(bytes, Envelope.FLAGS);

        assertEquals(ValueCodec.JAVA, envelope.codec());
        assertEquals("a\uDC00", codec.read(envelope.codec(), bytes, envelope.payloadOffset(), envelope.payloadLength()));
    }
}
