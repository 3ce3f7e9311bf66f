package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedProtocolException;

import java.util.concurrent.CompletableFuture;

/**
 * A command with exactly one reply line (plus value block) and one result. Meta commands send {@code O<opaque>}
 * and require the reply to echo it, so a connection that lost its place in the stream is detected at once.
 *
 * @param <T> the result type
 */
public abstract class SingleCommand<T> extends MetaCommand {

    private final CompletableFuture<T> future = new CompletableFuture<>();

    /** Completes with the result or a {@link MemcachedException}. */
    public final CompletableFuture<T> future() {
        return future;
    }

    @Override
    public final boolean onReply(MetaReply reply) {
        if (reply.isError()) {
            replied(true);
            future.completeExceptionally(Errors.toException(reply, describe()));
            return true;
        }
        // meta commands carry an opaque token the reply must echo; text commands (no token) do not
        if (opaqueCount() > 0 && reply.opaque() != opaque()) {
            throw new MemcachedProtocolException("reply '" + reply + "' does not match opaque " + opaque()
                    + " of '" + describe() + "'");
        }
        T result = map(reply);
        replied(false);
        future.complete(result);
        return true;
    }

    /**
     * Maps a non-error reply to the result.
     *
     * @throws MemcachedProtocolException for a reply code the command cannot get
     */
    protected abstract T map(MetaReply reply);

    @Override
    public final void fail(MemcachedException failure) {
        future.completeExceptionally(failure);
    }

    @Override
    public final boolean isDone() {
        return future.isDone();
    }

    /** The protocol error for a reply code this command cannot get. */
    protected final MemcachedProtocolException unexpected(MetaReply reply) {
        return new MemcachedProtocolException("unexpected reply '" + reply + "' to '" + describe() + "'");
    }
}
