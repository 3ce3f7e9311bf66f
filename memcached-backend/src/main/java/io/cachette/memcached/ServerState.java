package io.cachette.memcached;

/** Health of one server as the client sees it. */
public enum ServerState {
    /** Connected and answering; operations are sent to it. */
    UP,
    /** Disconnected or failing; operations fail fast (or fail over) while it is reconnected in the background. */
    DOWN,
    /** The client was closed. */
    CLOSED
}
