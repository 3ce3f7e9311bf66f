package io.cachette.memcached.internal.health;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Background reconnection of one down server: runs connect-and-probe attempts with {@link Backoff} delays until
 * one succeeds, then hands over to re-admission. Starting it while it runs does nothing, so every path that
 * notices a failure may call {@link #start()}. Time lives in the injected scheduler, so it is tested without
 * sleeping. Thread-safe.
 */
final class Reconnector {

    /** Runs a task after a delay (an event loop, or a fake in tests). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayMillis);
    }

    private final Backoff backoff;
    private final Scheduler scheduler;
    private final Supplier<? extends CompletionStage<?>> attempt;
    private final Runnable onSuccess;
    private boolean running;
    private boolean stopped;
    private int attempts;

    /**
     * @param attempt   connects and probes; completes normally when the server is healthy
     * @param onSuccess re-admits the server after a successful attempt
     */
    public Reconnector(Backoff backoff, Scheduler scheduler, Supplier<? extends CompletionStage<?>> attempt,
                       Runnable onSuccess) {
        this.backoff = backoff;
        this.scheduler = scheduler;
        this.attempt = attempt;
        this.onSuccess = onSuccess;
    }

    /** Starts reconnecting unless already running or stopped. */
    public synchronized void start() {
        if (running || stopped) {
            return;
        }
        running = true;
        attempts = 0;
        scheduleNext();
    }

    /** Stops for good (client closed). */
    public synchronized void stop() {
        stopped = true;
        running = false;
    }

    public synchronized boolean running() {
        return running;
    }

    /** Attempts made in the current run. */
    public synchronized int attempts() {
        return attempts;
    }

    private void scheduleNext() {
        long delay = backoff.delayMillis(attempts++);
        try {
            scheduler.schedule(this::runAttempt, delay);
        } catch (RuntimeException rejected) {
            running = false; // scheduler shut down: the client is closing
        }
    }

    private void runAttempt() {
        synchronized (this) {
            if (!running) {
                return;
            }
        }
        CompletionStage<?> result;
        try {
            result = attempt.get();
        } catch (RuntimeException e) {
            result = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ok, failure) -> {
            boolean admitted;
            synchronized (this) {
                if (!running) {
                    return;
                }
                admitted = failure == null;
                if (admitted) {
                    running = false;
                } else {
                    scheduleNext();
                }
            }
            if (admitted) {
                onSuccess.run();
            }
        });
    }
}
