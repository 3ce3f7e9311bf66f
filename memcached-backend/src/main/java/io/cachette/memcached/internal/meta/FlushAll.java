package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

/**
 * Invalidates every item of the server.
 * <pre>
 * flush_all\r\n  → OK\r\n
 * </pre>
 */
public final class FlushAll extends SingleCommand<Void> {

    @Override
    public int opaqueCount() {
        return 0;
    }

    @Override
    public void encode(ByteBuf out) {
        Ascii.writeText(out, "flush_all\r\n");
    }

    @Override
    protected Void map(MetaReply reply) {
        if (reply.code() != MetaReply.Code.TEXT || !"OK".equals(reply.text())) {
            throw unexpected(reply);
        }
        return null;
    }

    @Override
    public String describe() {
        return "flush_all";
    }
}
