package io.cachette.memcached.internal.meta;

import io.cachette.memcached.MemcachedProtocolException;

/**
 * A command with exactly one reply line (plus value block) and one result. Meta commands send {@code O<opaque>}
 * and require the reply to echo it, so a connection that lost its place in the stream is detected at once.
 *
 * @param <T> the result type
 */
public abstract class SingleCommand<T> extends FutureCommand<T> {

    @Override
    public final boolean onReply(MetaReply reply) {
        if (failedBy(reply)) {
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

    /** The protocol error for a reply code this command cannot get. */
    protected final MemcachedProtocolException unexpected(MetaReply reply) {
        return new MemcachedProtocolException("unexpected reply '" + reply + "' to '" + describe() + "'");
    }
}
