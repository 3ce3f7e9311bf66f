package io.cachette.memcached.store.internal;

import io.cachette.memcached.Item;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemCodecTest {

    private static final String PLAIN_KEY = "cachette:users:7:sbob";
    private static final String DIGEST_KEY = "cachette:users:7:#digest";
    private final Signer signer = new Signer("0123456789abcdef".getBytes(StandardCharsets.US_ASCII), null,
            "cachette.memcached.signing-key");

    @Test
    void seal_unsigned_isTheEnvelope_andOpensWithItsExpiry() {
        byte[] bytes = ItemCodec.seal(null, PLAIN_KEY, "sbob", "v", 123L);

        assertArrayEquals(Envelope.encode("v", 123L, null), bytes);
        Envelope envelope = ItemCodec.open(null, PLAIN_KEY, "sbob", item(bytes, ItemCodec.flags(null)));
        assertEquals(123L, envelope.expiresAtMillis());
        assertNull(envelope.keyText(), "a plain key needs no key text in its envelope");
    }

    @Test
    void seal_digestKey_keepsTheKeyText_andAnotherKeysTextIsRejected() {
        byte[] bytes = ItemCodec.seal(null, DIGEST_KEY, "sa long key", "v", 1L);

        assertEquals("sa long key", ItemCodec.open(null, DIGEST_KEY, "sa long key", item(bytes, Envelope.FLAGS))
                .keyText());
        assertThrows(RejectedPayloadException.class,
                () -> ItemCodec.open(null, DIGEST_KEY, "sanother key", item(bytes, Envelope.FLAGS)));
    }

    @Test
    void seal_signed_opensUnderItsOwnKeyOnly_andUnsignedItemsAreRejected() {
        byte[] bytes = ItemCodec.seal(signer, PLAIN_KEY, "sbob", "v", 1L);
        int flags = ItemCodec.flags(signer);

        assertEquals(1L, ItemCodec.open(signer, PLAIN_KEY, item(bytes, flags)).expiresAtMillis());
        assertThrows(SignatureFailureException.class,
                () -> ItemCodec.open(signer, "cachette:users:7:seve", item(bytes, flags)), "moved to another key");
        byte[] unsigned = ItemCodec.seal(null, PLAIN_KEY, "sbob", "v", 1L);
        assertThrows(SignatureFailureException.class,
                () -> ItemCodec.open(signer, PLAIN_KEY, item(unsigned, ItemCodec.flags(null))));
    }

    private static Item item(byte[] value, int flags) {
        return new Item(value, flags, 1, -1);
    }
}
