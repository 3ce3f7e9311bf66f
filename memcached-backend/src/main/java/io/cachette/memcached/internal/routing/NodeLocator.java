package io.cachette.memcached.internal.routing;

import io.cachette.memcached.ServerAddress;

import java.util.List;
import java.util.function.Predicate;

/** Maps a memcached key to the server that owns it. Immutable and thread-safe. */
public interface NodeLocator {

    /** Every server of the ring, in configuration order. */
    List<ServerAddress> servers();

    /** The server that owns {@code key} (the key's bytes as sent on the wire). */
    ServerAddress locate(byte[] key);

    /**
     * The first server that owns {@code key} among those {@code usable} accepts, walking the ring from the
     * key's point onwards (the failover order); {@code null} when none is usable.
     */
    ServerAddress locate(byte[] key, Predicate<ServerAddress> usable);
}
