package io.cachette.memcached;

/**
 * Told when a server goes down or is re-admitted, e.g. so a store can fence stale data on re-admission.
 * Called on a client I/O thread: return quickly and never block.
 */
@FunctionalInterface
public interface ServerStateListener {

    void stateChanged(ServerAddress server, ServerState from, ServerState to);
}
