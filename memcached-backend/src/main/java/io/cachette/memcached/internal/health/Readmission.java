package io.cachette.memcached.internal.health;

import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerState;
import io.cachette.memcached.internal.meta.Errors;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The life of one server between UP and DOWN: a mark-down retires its connections and starts a
 * {@link Reconnector}; re-admission needs every connection to answer an {@code mn} and, with
 * {@link MemcachedClientConfig#flushOnReadmission()}, the server to have closed the connections retired at the
 * mark-down (so it executed everything it had received) and to confirm a {@code flush_all}, all before it is
 * marked up, so no key is routed to it while it may still hold values from before the outage. Kept apart from
 * the connection pool so that this rule has one home. Thread-safe.
 */
public final class Readmission {

    private static final System.Logger LOG = System.getLogger(Readmission.class.getName());

    private final ManagedServer server;
    private final ServerHealth health;
    private final MemcachedClientConfig config;
    private final Reconnector reconnector;
    private final Runnable onReadmitted;
    private final LongAdder reconnects = new LongAdder();
    /** The closes of the connections retired at a mark-down that the server has not closed yet. */
    private final Queue<CompletableFuture<Void>> retiring = new ConcurrentLinkedQueue<>();
    private volatile boolean everUp;
    private volatile boolean closing;

    /**
     * @param scheduler    runs the reconnect attempts (the client's event loops)
     * @param onReadmitted runs once the server is up again after having been down
     */
    public Readmission(ManagedServer server, ServerHealth health, MemcachedClientConfig config,
                       ScheduledExecutorService scheduler, Runnable onReadmitted) {
        this.server = server;
        this.health = health;
        this.config = config;
        this.onReadmitted = onReadmitted;
        Backoff backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
        this.reconnector = new Reconnector(backoff,
                (task, delay) -> scheduler.schedule(task, delay, TimeUnit.MILLISECONDS),
                this::connectForReadmission, () -> admit(false));
    }

    /** Whether the client is closing this server: no more transitions, no reconnects. */
    public boolean closing() {
        return closing;
    }

    /** Times the server came back after being down. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** First connect at start-up: UP on success, otherwise down with background reconnects. */
    public CompletableFuture<Void> start() {
        return server.connectAll().handle((ok, failure) -> {
            if (failure == null) {
                admit(true);
            } else {
                LOG.log(Level.WARNING, "memcached server {0} unreachable at start-up, retrying in the background: {1}",
                        server.address(), failure.getMessage());
                reconnector.start();
            }
            return null;
        });
    }

    /** An operation timed out: marks the server down when that made too many consecutive failures. */
    public void timedOut() {
        if (health.recordFailure()) {
            afterMarkedDown(health.consecutiveFailures() + " consecutive failures");
        }
    }

    /** Marks the server down (once), retires its connections and starts reconnecting. */
    public void markDown(String reason) {
        if (health.markDown()) {
            afterMarkedDown(reason);
        }
    }

    /** Stops reconnecting for good; the server's state becomes CLOSED. */
    public void close() {
        closing = true;
        reconnector.stop();
        health.close();
    }

    private void afterMarkedDown(String reason) {
        if (closing) {
            return;
        }
        LOG.log(Level.WARNING, "memcached server {0} marked down: {1}", server.address(), reason);
        notifyListener(ServerState.UP, ServerState.DOWN);
        MemcachedServerDownException cause = new MemcachedServerDownException(
                "memcached server " + server.address() + " marked down: " + reason);
        for (CompletableFuture<Void> closed : server.retireAll(cause)) {
            retiring.add(closed);
            closed.thenRun(() -> retiring.remove(closed));
        }
        reconnector.start();
    }

    /** A reconnect attempt: every connection probed, then the flush that fences off what the server held. */
    private CompletableFuture<Void> connectForReadmission() {
        if (!config.flushOnReadmission()) {
            return server.connectAll();
        }
        // the old connections first: a stalled server that resumed may still execute writes sent before the
        // outage, and the flush must come after them
        return retired().thenCompose(ignored -> server.connectAll())
                .thenCompose(ignored -> server.flushAll().whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "flush_all of memcached server {0} before re-admission failed, it"
                                + " stays down and is retried (a server started with -F refuses flush_all: start it"
                                + " without -F, or turn the flush on re-admission off): {1}", server.address(),
                                Errors.unwrap(failure).getMessage());
                    } else {
                        LOG.log(Level.INFO, "memcached server {0} flushed before re-admission", server.address());
                    }
                }));
    }

    /** Completes once every connection retired at a mark-down is closed (by the server, or by force later). */
    private CompletableFuture<Void> retired() {
        return CompletableFuture.allOf(retiring.toArray(CompletableFuture[]::new));
    }

    /** Marks the server up; {@code initial}: the first connect at start-up, not a return after being down. */
    private void admit(boolean initial) {
        if (closing || !health.markUp()) {
            return;
        }
        if (everUp) {
            reconnects.increment();
            LOG.log(Level.INFO, "memcached server {0} re-admitted", server.address());
            notifyListener(ServerState.DOWN, ServerState.UP);
        }
        everUp = true;
        if (!initial) {
            onReadmitted.run();
        }
    }

    private void notifyListener(ServerState from, ServerState to) {
        try {
            config.stateListener().stateChanged(server.address(), from, to);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "server state listener failed", e);
        }
    }
}
