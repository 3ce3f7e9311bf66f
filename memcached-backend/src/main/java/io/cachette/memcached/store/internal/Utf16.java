package io.cachette.memcached.store.internal;

/**
 * Strings that UTF-8 cannot carry (an unpaired surrogate) as UTF-16BE code units, and back: the digest of such a
 * key text and the key text kept in an envelope use them, so distinct texts never share bytes.
 */
public final class Utf16 {

    private Utf16() {
    }

    /** The UTF-16BE code units of {@code text}, unpaired surrogates included (the JDK's encoder replaces them). */
    public static byte[] bytes(String text) {
        byte[] bytes = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes[2 * i] = (byte) (c >>> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        return bytes;
    }

    /** The text of {@link #bytes} bytes. */
    public static String text(byte[] bytes, int offset, int length) {
        char[] chars = new char[length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((bytes[offset + 2 * i] & 0xff) << 8 | (bytes[offset + 2 * i + 1] & 0xff));
        }
        return new String(chars);
    }

    /** Whether every surrogate in {@code text} is part of a pair. */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
