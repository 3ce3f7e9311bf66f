package io.cachette.memcached;

/**
 * Told when a server goes down ({@code UP → DOWN}) or is re-admitted after being down ({@code DOWN → UP}),
 * e.g. so a store can fence stale data on re-admission. The first connect at start-up is not reported.
 * Called on a client I/O thread: return quickly and never block.
 */
@FunctionalInterface
public interface ServerStateListener {

    void stateChanged(ServerAddress server, ServerState from, ServerState to);
}
