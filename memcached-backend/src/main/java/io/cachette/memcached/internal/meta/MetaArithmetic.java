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

    private final boolean decrement;
    private final long delta;
    private final boolean create;
    private final long initial;
    private final int ttlSeconds;

    private MetaArithmetic(byte[] key, boolean decrement, long delta, boolean create, long initial, int ttlSeconds) {
        super("ma", key);
        this.decrement = decrement;
        this.delta = delta;
        this.create = create;
        this.initial = initial;
        this.ttlSeconds = ttlSeconds;
    }

    /** Changes an existing counter; the result is {@code null} when it is absent. */
    public static MetaArithmetic of(byte[] key, boolean decrement, long delta) {
        return new MetaArithmetic(key, decrement, delta, false, 0, 0);
    }

    /** Changes the counter, creating it with {@code initial} and the TTL when absent. */
    public static MetaArithmetic orCreate(byte[] key, boolean decrement, long delta, long initial, int ttlSeconds) {
        return new MetaArithmetic(key, decrement, delta, true, initial, ttlSeconds);
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        if (decrement) {
            Ascii.writeText(out, " MD");
        }
        if (create) {
            Ascii.writeFlag(out, 'N', ttlSeconds);
            Ascii.writeUnsignedFlag(out, 'J', initial);
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
