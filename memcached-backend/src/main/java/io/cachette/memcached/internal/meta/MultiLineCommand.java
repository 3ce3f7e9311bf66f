package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.MemcachedServerErrorException;
import io.netty.buffer.ByteBuf;

/**
 * A text command answered by lines up to {@code END} ({@code stats}, {@code lru_crawler metadump}); an error
 * line instead of the first line fails it. The number of lines is bounded so a server that never ends its
 * reply cannot exhaust memory.
 *
 * @param <T> the result type
 */
abstract class MultiLineCommand<T> extends FutureCommand<T> {

    private final String request;
    private final int maxLines;
    private int lines;

    /** @param request the request line without {@code \r\n}, also the command's description */
    MultiLineCommand(String request, int maxLines) {
        this.request = request;
        this.maxLines = maxLines;
    }

    @Override
    public final void encode(ByteBuf out) {
        Ascii.writeText(out, request);
        Ascii.writeCrlf(out);
    }

    @Override
    public final String describe() {
        return request;
    }

    @Override
    public final int opaqueCount() {
        return 0;
    }

    @Override
    public final boolean onReply(MetaReply reply) {
        if (failedBy(reply)) {
            return true;
        }
        if (reply.code() != MetaReply.Code.TEXT) {
            throw new MemcachedProtocolException("unexpected reply '" + reply + "' to '" + describe() + "'");
        }
        String text = reply.text();
        if (text.equals("END")) {
            replied(false);
            future.complete(result());
            return true;
        }
        if (lines == 0 && text.startsWith("BUSY")) {
            replied(true);
            future.completeExceptionally(new MemcachedServerErrorException("'" + describe() + "': " + text));
            return true;
        }
        if (++lines > maxLines) {
            throw new MemcachedProtocolException("'" + describe() + "' sent more than " + maxLines + " lines");
        }
        line(text);
        return false;
    }

    /** Consumes one line before {@code END}. */
    abstract void line(String text);

    /** The result once {@code END} arrived. */
    abstract T result();
}
