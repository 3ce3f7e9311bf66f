package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of the server, from the LRU crawler. memcached refuses to pipeline it behind other commands, so it
 * runs on a connection of its own. Lines end in a bare {@code \n} on 1.6.18; keys are URL-encoded.
 * <pre>
 * lru_crawler metadump all\r\n
 *   → (key=&lt;url-encoded&gt; exp=&lt;unix|-1&gt; la=&lt;unix&gt; cas=&lt;n&gt; fetch=yes|no cls=&lt;n&gt; size=&lt;n&gt;\n)* END\r\n
 *   → BUSY currently processing crawler request\r\n | ERROR …\r\n
 * </pre>
 */
public final class LruCrawlerMetadump extends MultiLineCommand<List<String>> {

    private final List<String> keys = new ArrayList<>();

    /** At most {@code maxKeys} keys are accepted before the reply counts as runaway. */
    public LruCrawlerMetadump(int maxKeys) {
        super("lru_crawler metadump all", maxKeys);
    }

    @Override
    void line(String text) {
        if (!text.startsWith("key=")) {
            throw new MemcachedProtocolException("metadump line does not start with 'key=': " + text);
        }
        int end = text.indexOf(' ');
        keys.add(urlDecode(end < 0 ? text.substring(4) : text.substring(4, end)));
    }

    /** Decodes {@code %XX} escapes to bytes and the bytes as UTF-8. */
    static String urlDecode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MemcachedProtocolException("bad %-escape in metadump key: " + encoded);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '%') {
                throw new MemcachedProtocolException("truncated %-escape in metadump key: " + encoded);
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    List<String> result() {
        return List.copyOf(keys);
    }
}
