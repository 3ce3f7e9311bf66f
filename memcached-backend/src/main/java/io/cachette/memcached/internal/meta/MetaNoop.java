package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

/**
 * Meta no-op; used as a health probe.
 * <pre>
 * mn\r\n  → MN\r\n
 * </pre>
 */
public final class MetaNoop extends SingleCommand<Void> {

    @Override
    public int opaqueCount() {
        return 0;
    }

    @Override
    public void encode(ByteBuf out) {
        Ascii.writeText(out, "mn\r\n");
    }

    @Override
    protected Void map(MetaReply reply) {
        if (reply.code() != MetaReply.Code.MN) {
            throw unexpected(reply);
        }
        return null;
    }

    @Override
    public String describe() {
        return "mn";
    }
}
