package io.cachette.memcached.internal.netty;

import io.cachette.memcached.RequestListener;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.internal.meta.MetaCommand;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link RequestListener}s of one client, shared by its {@link ServerNode}s: a copy-on-write array, so that a
 * reply costs one volatile read while there is no listener, and a clock read only when there is one.
 */
final class RequestListeners {

    private static final RequestListener[] NONE = new RequestListener[0];
    private static final System.Logger LOG = System.getLogger(RequestListeners.class.getName());

    private volatile RequestListener[] listeners = NONE;

    AutoCloseable add(RequestListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            RequestListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
            more[more.length - 1] = listener;
            listeners = more;
        }
        return () -> remove(listener);
    }

    private synchronized void remove(RequestListener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(RequestListener[]::new);
    }

    /** {@code command}, sent to {@code server}, got its reply now. */
    void replied(ServerAddress server, MetaCommand command, boolean errorReply) {
        RequestListener[] current = listeners;
        if (current.length == 0) {
            return;
        }
        long nanos = System.nanoTime() - (command.deadlineNanos() - command.timeoutNanos());
        for (RequestListener listener : current) {
            try {
                listener.replied(server, nanos, errorReply);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "request listener failed", e);
            }
        }
    }
}
