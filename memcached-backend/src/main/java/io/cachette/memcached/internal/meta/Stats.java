package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedProtocolException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * General-purpose server statistics.
 * <pre>
 * stats\r\n  → (STAT &lt;name&gt; &lt;value&gt;\r\n)* END\r\n
 * </pre>
 */
public final class Stats extends MultiLineCommand<Map<String, String>> {

    private final Map<String, String> stats = new LinkedHashMap<>();

    public Stats() {
        super("stats", 10_000);
    }

    @Override
    void line(String text) {
        if (!text.startsWith("STAT ")) {
            throw new MemcachedProtocolException("'stats' line is not 'STAT <name> <value>': " + text);
        }
        int space = text.indexOf(' ', 5);
        if (space < 0) {
            stats.put(text.substring(5), "");
        } else {
            stats.put(text.substring(5, space), text.substring(space + 1));
        }
    }

    @Override
    Map<String, String> result() {
        return Map.copyOf(stats);
    }
}
