package io.cachette.memcached.internal.health;

import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.internal.meta.MetaCommand;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One server as the health code acts on it: its connections, opened, retired and flushed by the transport
 * layer. Lets {@link Readmission} and {@link FailoverSweep} hold the failure rules without knowing Netty.
 */
public interface ManagedServer {

    ServerAddress address();

    boolean isUp();

    /** Connects every connection and probes it; completes normally when all answered. */
    CompletableFuture<Void> connectAll();

    /**
     * Unregisters every connection and lets each finish what was sent before closing ({@code cause} fails the
     * rest).
     *
     * @return the closes of the retired connections
     */
    List<CompletableFuture<Void>> retireAll(MemcachedServerDownException cause);

    /** Sends {@code flush_all} on an open connection; fails when there is none. */
    CompletableFuture<Void> flushAll();

    /** Sends a command with the operation timeout to the connection for {@code hash}; fails fast when down. */
    void send(MetaCommand command, int hash);
}
