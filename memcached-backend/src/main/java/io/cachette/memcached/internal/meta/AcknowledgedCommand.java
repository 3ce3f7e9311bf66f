package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * A command without opaque token whose one good reply is a fixed line ({@code flush_all} → {@code OK},
 * {@code mn} → {@code MN}): it returns nothing but success, and any other reply is a protocol error.
 */
abstract class AcknowledgedCommand extends SingleCommand<Void> {

    private final String request;
    private final MetaReply.Code ackCode;
    private final String ackText;

    /**
     * @param request the request line without {@code \r\n}, also the command's description
     * @param ackCode the code of the acknowledging reply
     * @param ackText its text ({@code null} for a meta status line)
     */
    AcknowledgedCommand(String request, MetaReply.Code ackCode, String ackText) {
        this.request = request;
        this.ackCode = ackCode;
        this.ackText = ackText;
    }

    @Override
    public final int opaqueCount() {
        return 0;
    }

    /** Writes the request line; a command with a data block writes its own request. */
    @Override
    public void encode(ByteBuf out) {
        Ascii.writeText(out, request);
        Ascii.writeCrlf(out);
    }

    @Override
    protected final Void map(MetaReply reply) {
        if (reply.code() != ackCode || !Objects.equals(ackText, reply.text())) {
            throw unexpected(reply);
        }
        return null;
    }

    @Override
    public String describe() {
        return request;
    }
}
