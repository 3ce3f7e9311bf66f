package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedProtocolException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Meta arithmetic: increment or decrement an unsigned 64-bit counter, optionally creating it.
 * <pre>
 * ma &lt;key&gt; [MD] [N&lt;ttl&gt; J&lt;initial&gt;] D&lt;delta&gt; v O&lt;opaque&gt;\r\n
 *   → VA &lt;size&gt; O&lt;opaque&gt;\r\n&lt;decimal&gt;\r\n (new value) | NF (absent, no auto-create → null)
 *   → CLIENT_ERROR cannot increment or decrement non-numeric value
 * </pre>
 */
public final class MetaArithmetic extends KeyedCommand<Long> {

    /** The new counter's TTL and initial value, sent as {@code N} and {@code J} when the call may create it. */
    private record Creation(int ttlSeconds, long initial) {
    }

    private final boolean decrement;
    private final long delta;
    private final Creation creation;

    private MetaArithmetic(byte[] key, boolean decrement, long delta, Creation creation) {
        super("ma", key);
        this.decrement = decrement;
        this.delta = delta;
        this.creation = creation;
    }

    /** Changes an existing counter; the result is {@code null} when it is absent. */
    public static MetaArithmetic of(byte[] key, boolean decrement, long delta) {
        return new MetaArithmetic(key, decrement, delta, null);
    }

    /** Changes the counter, creating it with {@code initial} and the TTL when absent. */
    public static MetaArithmetic orCreate(byte[] key, boolean decrement, long delta, long initial, int ttlSeconds) {
        return new MetaArithmetic(key, decrement, delta, new Creation(ttlSeconds, initial));
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        if (decrement) {
            Ascii.writeText(out, " MD");
        }
        if (creation != null) {
            Ascii.writeFlag(out, 'N', creation.ttlSeconds());
            Ascii.writeUnsignedFlag(out, 'J', creation.initial());
        }
        Ascii.writeUnsignedFlag(out, 'D', delta);
        Ascii.writeText(out, " v");
        writeOpaqueAndEnd(out);
    }

    @Override
    protected Long map(MetaReply reply) {
        switch (reply.code()) {
            case VA:
                String text = new String(reply.value(), StandardCharsets.US_ASCII).trim();
                try {
                    return Long.parseUnsignedLong(text);
                } catch (NumberFormatException e) {
                    throw new MemcachedProtocolException("'" + describe() + "' returned non-numeric '" + text + "'");
                }
            case NF:
                return null;
            default:
                throw unexpected(reply);
        }
    }
}
