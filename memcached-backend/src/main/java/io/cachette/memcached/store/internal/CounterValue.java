package io.cachette.memcached.store.internal;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of a memcached counter item (a generation, a change-feed head or one of its copies): a positive
 * decimal in ASCII, padded with spaces after a decrement, as {@code ma} keeps it.
 */
public final class CounterValue {

    /** What {@link #parse} gives for anything but a positive counter. */
    public static final long NONE = -1;

    private CounterValue() {
    }

    /** The counter's value, or {@link #NONE} when the bytes are empty, zero, not a number or too long for one. */
    public static long parse(byte[] value) {
        if (value.length == 0 || value.length > 20) {
            return NONE;
        }
        String text = new String(value, StandardCharsets.US_ASCII).trim();
        try {
            long parsed = Long.parseLong(text);
            return parsed > 0 ? parsed : NONE;
        } catch (NumberFormatException e) {
            return NONE;
        }
    }

    /** The bytes a counter of {@code value} is stored as. */
    public static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
