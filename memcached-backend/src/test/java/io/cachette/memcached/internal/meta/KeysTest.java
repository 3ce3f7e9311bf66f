package io.cachette.memcached.internal.meta;

import io.cachette.memcached.IllegalKeyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memcached's key rules, enforced before anything is sent. */
class KeysTest {

    @Test
    void encode_250Bytes_isAccepted() {
        assertEquals(250, Keys.encode("k".repeat(250)).length);
    }

    @Test
    void encode_251Bytes_isRejectedWithTheLength() {
        IllegalKeyException e = assertThrows(IllegalKeyException.class, () -> Keys.encode("k".repeat(251)));
        assertTrue(e.getMessage().contains("251 bytes"), e.getMessage());
    }

    @Test
    void encode_multiByteCharacters_countInUtf8Bytes() {
        assertThrows(IllegalKeyException.class, () -> Keys.encode("é".repeat(126)));
        assertEquals(250, Keys.encode("é".repeat(125)).length);
    }

    @Test
    void encode_space_isRejectedSayingSo() {
        IllegalKeyException e = assertThrows(IllegalKeyException.class, () -> Keys.encode("a b"));
        assertTrue(e.getMessage().contains("space"), e.getMessage());
    }

    @Test
    void encode_controlCharacters_areRejected() {
        for (String key : new String[] {"a\r", "a\nb", "\u0000", "a\tb", "a\u007f"}) {
            IllegalKeyException e = assertThrows(IllegalKeyException.class, () -> Keys.encode(key));
            assertTrue(e.getMessage().contains("control character"), e.getMessage());
        }
    }

    @Test
    void encode_emptyOrNull_isRejected() {
        assertThrows(IllegalKeyException.class, () -> Keys.encode(""));
        assertThrows(IllegalKeyException.class, () -> Keys.encode(null));
    }
}
