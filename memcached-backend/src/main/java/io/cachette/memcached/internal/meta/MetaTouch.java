package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

/**
 * Touch: a meta get that only updates the TTL.
 * <pre>
 * mg &lt;key&gt; T&lt;ttl&gt; O&lt;opaque&gt;\r\n  → HD O&lt;opaque&gt;\r\n (true) | EN O&lt;opaque&gt;\r\n (false)
 * </pre>
 */
public final class MetaTouch extends KeyedCommand<Boolean> {

    private final int ttlSeconds;

    public MetaTouch(byte[] key, int ttlSeconds) {
        super("mg", key);
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        Ascii.writeFlag(out, 'T', ttlSeconds);
        writeOpaqueAndEnd(out);
    }

    @Override
    protected Boolean map(MetaReply reply) {
        return switch (reply.code()) {
            case HD -> Boolean.TRUE;
            case EN -> Boolean.FALSE;
            default -> throw unexpected(reply);
        };
    }
}
