package io.cachette.memcached.internal.meta;

import io.cachette.memcached.IllegalKeyException;

import java.nio.charset.StandardCharsets;

/** Validates keys against memcached's rules and encodes them once to the bytes sent on the wire. */
public final class Keys {

    /** memcached's key length limit in bytes. */
    public static final int MAX_KEY_BYTES = 250;

    private Keys() {
    }

    /**
     * The UTF-8 bytes of {@code key}.
     *
     * @throws IllegalKeyException when the key is null, empty, longer than 250 bytes, or holds a space or a
     *                             control character
     */
    public static byte[] encode(String key) {
        if (key == null) {
            throw new IllegalKeyException("memcached key is null");
        }
        if (key.isEmpty()) {
            throw new IllegalKeyException("memcached key is empty");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_KEY_BYTES) {
            throw new IllegalKeyException("memcached key is " + bytes.length + " bytes in UTF-8, over the limit of "
                    + MAX_KEY_BYTES + ": " + abbreviate(key));
        }
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b <= ' ' || b == 0x7f) {
                throw new IllegalKeyException("memcached key holds " + (b == ' ' ? "a space" : String.format(
                        "control character 0x%02x", b)) + " at byte " + i + ": " + abbreviate(key));
            }
        }
        return bytes;
    }

    private static String abbreviate(String key) {
        String printable = key.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 60 ? "'" + printable + "'" : "'" + printable.substring(0, 60) + "…'";
    }
}
