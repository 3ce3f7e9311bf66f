package io.cachette.memcached.store.internal.near;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a cache manager's change feed: what a writer is about to change in one cache, written before the
 * change (see {@link ChangeFeed}). Text, so that {@code mg} on a record is readable by a person:
 * <pre>
 * cf2 &lt;kind&gt; &lt;epoch-millis&gt; &lt;writer&gt; &lt;cache&gt; &lt;count&gt;\n
 * &lt;utf8-length&gt; &lt;key text&gt;\n        (count times)
 * </pre>
 * {@code kind}: {@code W} the keys are written, {@code R} removed, {@code C} the cache is cleared,
 * {@code A} too many keys to name (every near entry of the cache goes). {@code cache} is the cache's segment of
 * the key layout ({@code KeyLayout.cacheSegment()}: no spaces). The key text is the store's canonical key text
 * ({@code KeyCodec.encode}), which decodes back to the key: a later issue can deliver cross-JVM entry events
 * from these records (they state an intent: the change may still fail, a reader confirms it in memcached). The
 * time and writer id (random per cache manager) let a reader skip its own records and measure lag.
 *
 * @param kind        what happens to the keys
 * @param epochMillis the writer's wall clock when it published the record
 * @param writer      the writing cache manager's id (letters and digits)
 * @param cache       the cache's key-layout segment
 * @param keys        the key texts, empty for {@code C} and {@code A}
 */
public record FeedRecord(Kind kind, long epochMillis, String writer, String cache, List<String> keys) {

    /** What a record says happened to its keys. */
    public enum Kind {
        WRITE('W'), REMOVE('R'), CLEAR('C'), ALL('A');

        final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }

        /** Whether a reader drops its whole near tier for a record of this kind. */
        public boolean dropsAll() {
            return this == CLEAR || this == ALL;
        }
    }

    /** Records larger than this name no keys: they become {@link Kind#ALL}. */
    static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final String MAGIC = "cf2";

    public FeedRecord {
        keys = List.copyOf(keys);
    }

    /** The record's bytes; a record naming too many keys is written as {@link Kind#ALL}. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + keys.size() * 24);
        header(out, kind, keys.size());
        for (String key : keys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ascii(out, Integer.toString(bytes.length));
            out.write(' ');
            out.write(bytes, 0, bytes.length);
            out.write('\n');
            if (out.size() > MAX_RECORD_BYTES) {
                ByteArrayOutputStream all = new ByteArrayOutputStream(64);
                header(all, Kind.ALL, 0);
                return all.toByteArray();
            }
        }
        return out.toByteArray();
    }

    private void header(ByteArrayOutputStream out, Kind kind, int count) {
        ascii(out, MAGIC + " " + kind.code + " " + epochMillis + " " + writer + " " + cache + " " + count + "\n");
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }

    /** The record in {@code bytes}, or {@code null} when they are not one (treated as a missing record). */
    static FeedRecord decode(byte[] bytes) {
        try {
            int end = indexOf(bytes, 0, (byte) '\n');
            if (end < 0) {
                return null;
            }
            String[] header = new String(bytes, 0, end, StandardCharsets.US_ASCII).split(" ");
            if (header.length != 6 || !MAGIC.equals(header[0]) || header[1].length() != 1) {
                return null;
            }
            Kind kind = Kind.of(header[1].charAt(0));
            int count = Integer.parseInt(header[5]);
            if (kind == null || count < 0 || count > bytes.length) {
                return null;
            }
            List<String> keys = new ArrayList<>(count);
            int at = end + 1;
            for (int i = 0; i < count; i++) {
                int space = indexOf(bytes, at, (byte) ' ');
                if (space < 0) {
                    return null;
                }
                int length = Integer.parseInt(new String(bytes, at, space - at, StandardCharsets.US_ASCII));
                int start = space + 1;
                if (length < 0 || start + length >= bytes.length || bytes[start + length] != '\n') {
                    return null;
                }
                keys.add(new String(bytes, start, length, StandardCharsets.UTF_8));
                at = start + length + 1;
            }
            return at == bytes.length ? new FeedRecord(kind, Long.parseLong(header[2]), header[3], header[4], keys) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
