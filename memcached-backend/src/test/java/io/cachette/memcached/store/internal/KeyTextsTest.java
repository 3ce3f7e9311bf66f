package io.cachette.memcached.store.internal;

import org.junit.jupiter.api.Test;

import java.io.Serializable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class KeyTextsTest {

    record CompositeKey(String entity, long id) implements Serializable {
    }

    @Test
    void costlyKeys_areEncodedOnce_whenRemembered() {
        KeyTexts texts = new KeyTexts(true);

        String first = texts.of(new CompositeKey("Book", 1));

        assertSame(first, texts.of(new CompositeKey("Book", 1)), "an equal key finds the remembered text");
        assertEquals(KeyCodec.encode(new CompositeKey("Book", 1)), first);
    }

    @Test
    void keys_encodeAsTheCodecDoes_rememberedOrNot() {
        for (Object key : new Object[] {"text", 42, 42L, new CompositeKey("Book", 2)}) {
            assertEquals(KeyCodec.encode(key), new KeyTexts(true).of(key));
            assertEquals(KeyCodec.encode(key), new KeyTexts(false).of(key));
        }
    }

    @Test
    void rememberedKeys_stayBounded() {
        KeyTexts texts = new KeyTexts(true);
        for (int i = 0; i <= KeyTexts.MAX_REMEMBERED; i++) {
            texts.of(new CompositeKey("Book", i));
        }

        assertEquals(1, texts.remembered(), "started over when full");
        assertEquals(KeyCodec.encode(new CompositeKey("Book", 7)), texts.of(new CompositeKey("Book", 7)));
    }
}
