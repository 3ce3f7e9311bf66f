package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedException;

import java.util.concurrent.CompletableFuture;

/**
 * A command whose caller waits on one future: the future, its failure and its completion check, written once for
 * the single-reply, multi-line and multi-get commands.
 *
 * @param <T> the result type
 */
public abstract class FutureCommand<T> extends MetaCommand {

    /** Completed by the subclass with the result, or here with a failure. */
    final CompletableFuture<T> future = new CompletableFuture<>();

    /** Completes with the result or a {@link MemcachedException}. */
    public final CompletableFuture<T> future() {
        return future;
    }

    /** Fails the command when {@code reply} is an error line, with its typed exception; {@code true} if it did. */
    final boolean failedBy(MetaReply reply) {
        if (!reply.isError()) {
            return false;
        }
        replied(true);
        future.completeExceptionally(Errors.toException(reply, describe()));
        return true;
    }

    @Override
    public final void fail(MemcachedException failure) {
        future.completeExceptionally(failure);
    }

    @Override
    public final boolean isDone() {
        return future.isDone();
    }
}
