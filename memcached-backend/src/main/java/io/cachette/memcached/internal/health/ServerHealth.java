package io.cachette.memcached.internal.health;

import io.cachette.memcached.ServerState;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failure detection for one server: counts consecutive failures (timeouts, lost connections) and decides the
 * UP/DOWN transitions. Every transition method says whether it changed the state, so exactly one caller acts
 * on it (closes connections, starts reconnecting, notifies listeners). Thread-safe.
 */
public final class ServerHealth {

    private final int failureThreshold;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile ServerState state = ServerState.DOWN;

    /** Starts DOWN: a server is UP only once it answered. */
    public ServerHealth(int failureThreshold) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
    }

    public ServerState state() {
        return state;
    }

    public boolean isUp() {
        return state == ServerState.UP;
    }

    /** Consecutive failures since the last success. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Records a failure; {@code true} when it reached the threshold and moved the server from UP to DOWN. */
    public boolean recordFailure() {
        return consecutiveFailures.incrementAndGet() >= failureThreshold && markDown();
    }

    /** Records a success: the consecutive-failure count starts over. */
    public void recordSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** UP → DOWN; {@code true} when this call made the change. */
    public synchronized boolean markDown() {
        if (state != ServerState.UP) {
            return false;
        }
        state = ServerState.DOWN;
        return true;
    }

    /** DOWN → UP (re-admission); {@code true} when this call made the change. */
    public synchronized boolean markUp() {
        if (state != ServerState.DOWN) {
            return false;
        }
        consecutiveFailures.set(0);
        state = ServerState.UP;
        return true;
    }

    /** Final state; no further transitions. */
    public synchronized void close() {
        state = ServerState.CLOSED;
    }
}
