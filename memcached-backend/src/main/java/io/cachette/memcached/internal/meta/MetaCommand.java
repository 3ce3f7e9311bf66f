package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedException;
import io.netty.buffer.ByteBuf;

/**
 * One request on a connection: it writes its own bytes and consumes its own replies (folsom's "one class per
 * command" shape). A command may span several lines and opaque tokens (a multi-get batch); the connection
 * matches replies to the oldest command in flight and lets it say when it is complete.
 * <p>
 * Lifecycle, all on one connection's event loop except {@link #fail}: {@link #assignOpaque} when written,
 * {@link #encode}, then {@link #onReply} until it returns {@code true}, or {@link #fail} (timeout, lost
 * connection). A failed command stays in flight until its replies arrive, which it then swallows.
 */
public abstract class MetaCommand {

    /** Told when a command got its last reply, just before its future completes (so metrics are never late). */
    @FunctionalInterface
    public interface Observer {
        void replied(MetaCommand command, boolean errorReply);
    }

    private Observer observer;
    private long deadlineNanos;
    private long timeoutNanos;
    private int opaque = MetaReply.NO_OPAQUE;
    private boolean expired;

    /** How many opaque tokens {@link #encode} uses (consecutive, starting at the assigned one). */
    public int opaqueCount() {
        return 1;
    }

    /** Called once before {@link #encode}, with the first of {@link #opaqueCount()} tokens. */
    public final void assignOpaque(int first) {
        this.opaque = first;
    }

    /** Sets who hears about the final reply. */
    public final void observer(Observer observer) {
        this.observer = observer;
    }

    /** Subclasses call this right before completing their future with a reply. */
    protected final void replied(boolean errorReply) {
        if (observer != null && !expired) {
            observer.replied(this, errorReply);
        }
    }

    /** The first opaque token of this command. */
    protected final int opaque() {
        return opaque;
    }

    /** Writes the request bytes. */
    public abstract void encode(ByteBuf out);

    /**
     * Consumes one reply that belongs to this command.
     *
     * @return {@code true} when this was the command's last reply
     * @throws io.cachette.memcached.MemcachedProtocolException when the reply cannot belong to this command
     */
    public abstract boolean onReply(MetaReply reply);

    /** Completes the caller's future exceptionally (no-op when already complete). */
    public abstract void fail(MemcachedException failure);

    /** Whether the caller's future is complete. */
    public abstract boolean isDone();

    /**
     * Whether the request carries a data block after its command line ({@code ms}, the authentication set).
     * When the server rejects such a command line it may not know the block's length, and then reads the data
     * as commands of their own, answering each with a line of its own (memcached 1.6.18:
     * {@code CLIENT_ERROR bad command line format} then {@code ERROR}). Such a reply leaves the connection out of
     * step, so the connection closes after it rather than hand the stray line to the next command.
     */
    public boolean hasDataBlock() {
        return false;
    }

    /** Keys found by this command (for metrics). */
    public int hits() {
        return 0;
    }

    /** Keys not found by this command (for metrics). */
    public int misses() {
        return 0;
    }

    /** Operations this command counts as (a multi-get batch counts one per key). */
    public int operations() {
        return 1;
    }

    /** Short description for error messages, e.g. {@code "mg user:1"}. */
    public abstract String describe();

    public final long deadlineNanos() {
        return deadlineNanos;
    }

    /** The reply timeout this command was sent with. */
    public final long timeoutNanos() {
        return timeoutNanos;
    }

    /** Sets when the command times out: {@code now + timeout}. */
    public final void deadline(long nowNanos, long timeoutNanos) {
        this.deadlineNanos = nowNanos + timeoutNanos;
        this.timeoutNanos = timeoutNanos;
    }

    /** Whether the connection already failed this command with a timeout. */
    public final boolean expired() {
        return expired;
    }

    public final void markExpired() {
        this.expired = true;
    }
}
