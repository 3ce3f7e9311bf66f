package io.cachette.memcached.store.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyLayoutTest {

    private final KeyLayout layout = new KeyLayout("cachette", "users");

    @Test
    void key_shortPlainKey_isPrefixCacheGenerationKey() {
        assertEquals("cachette:users:17:sbob", KeyLayout.key(layout.namespace(17), "sbob"));
        assertEquals("cachette:users:gen", layout.generationKey());
    }

    @Test
    void key_withSpaceOrControlCharacter_isDigestNotTruncated() {
        String key = KeyLayout.key(layout.namespace(1), "sa b");

        assertEquals("cachette:users:1:#" + KeyLayout.digest("sa b"), key);
        assertEquals(43, KeyLayout.digest("sa b").length());
        assertNotEquals(key, KeyLayout.key(layout.namespace(1), "sa\nb"));
    }

    @Test
    void key_over250Bytes_isDigest_andLengthsJustUnderStayPlain() {
        String namespace = layout.namespace(1);
        String fits = "s" + "x".repeat(250 - namespace.length() - 1);
        String over = fits + "x";

        assertEquals(namespace + fits, KeyLayout.key(namespace, fits));
        assertEquals(250, (namespace + fits).getBytes(StandardCharsets.UTF_8).length);
        assertTrue(KeyLayout.key(namespace, over).contains(":#"));
    }

    @Test
    void key_multiByteCharacters_countInBytes() {
        String namespace = layout.namespace(1);
        String text = "s" + "é".repeat(120);

        assertTrue(KeyLayout.key(namespace, text).contains(":#"), "240 bytes of é plus the namespace pass 250");
    }

    @Test
    void key_threeByteCharacters_exactlyAtTheLimit_stayPlain() {
        String namespace = layout.namespace(1);
        int room = 250 - namespace.length() - 1;
        String fits = "s" + "€".repeat(room / 3) + "x".repeat(room % 3);

        assertEquals(250, (namespace + fits).getBytes(StandardCharsets.UTF_8).length);
        assertEquals(namespace + fits, KeyLayout.key(namespace, fits));
        assertTrue(KeyLayout.key(namespace, fits + "x").contains(":#"));
    }

    @Test
    void cacheSegment_unsafeName_isDigest() {
        KeyLayout odd = new KeyLayout("cachette", "my cache:1");

        assertEquals("cachette:#" + KeyLayout.digest("my cache:1") + ":gen", odd.generationKey());
    }

    @Test
    void digest_unpairedSurrogates_doNotCollide() {
        assertNotEquals(KeyLayout.digest("s\uD800"), KeyLayout.digest("s\uDC00"));
        assertNotEquals(KeyLayout.digest("s\uD800"), KeyLayout.digest("s?"));
    }
}
