package io.cachette.memcached;

/**
 * Told when a server goes down ({@code UP → DOWN}) or is re-admitted after being down ({@code DOWN → UP}),
 * e.g. for metrics or alerts (flushing a returning server is {@link MemcachedClientBuilder#flushOnReadmission}'s job,
 * done before the {@code DOWN → UP} report). The first connect at start-up is not reported.
 * Called on a client I/O thread: return quickly and never block.
 */
@FunctionalInterface
public interface ServerStateListener {

    void stateChanged(ServerAddress server, ServerState from, ServerState to);
}
