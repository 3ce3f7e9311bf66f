package io.cachette.memcached.netty;

import io.cachette.memcached.meta.MetaCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each {@link MetaCommand} into a pooled direct buffer; the command owns its own bytes (see its grammar
 * comment). Stateless, hence shared by all connections.
 */
@Sharable
public final class MetaEncoder extends MessageToByteEncoder<MetaCommand> {

    /** The one instance. */
    public static final MetaEncoder INSTANCE = new MetaEncoder();

    private MetaEncoder() {
        super(MetaCommand.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MetaCommand command, ByteBuf out) {
        command.encode(out);
    }
}
