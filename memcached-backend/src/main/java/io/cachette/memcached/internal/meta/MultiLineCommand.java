package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedProtocolException;
import io.cachette.memcached.MemcachedServerErrorException;

import java.util.concurrent.CompletableFuture;

/**
 * A text command answered by lines up to {@code END} ({@code stats}, {@code lru_crawler metadump}); an error
 * line instead of the first line fails it. The number of lines is bounded so a server that never ends its
 * reply cannot exhaust memory.
 *
 * @param <T> the result type
 */
abstract class MultiLineCommand<T> extends MetaCommand {

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final int maxLines;
    private int lines;

    MultiLineCommand(int maxLines) {
        this.maxLines = maxLines;
    }

    public final CompletableFuture<T> future() {
        return future;
    }

    @Override
    public final int opaqueCount() {
        return 0;
    }

    @Override
    public final boolean onReply(MetaReply reply) {
        if (reply.isError()) {
            replied(true);
            future.completeExceptionally(Errors.toException(reply, describe()));
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

    @Override
    public final void fail(MemcachedException failure) {
        future.completeExceptionally(failure);
    }

    @Override
    public final boolean isDone() {
        return future.isDone();
    }
}
