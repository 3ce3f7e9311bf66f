package io.cachette.store.local;

import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The local heap backend of a cache manager: builds one LRU store per cache, bounded by the context's
 * {@link StoreContext#maxEntries() entry} and/or {@link StoreContext#maxBytes() byte} bound, and owns the one
 * daemon thread ({@value #SWEEPER_THREAD_NAME}) that sweeps expired entries out of all of its stores.
 *
 * <p>The sweeper starts with the first store and runs every second; each run examines a bounded number of
 * entries per store ({@value #DEFAULT_SWEEP_BUDGET}), resuming where the previous run stopped, so that its
 * cost stays small however large a store grows. {@link #close()} stops it and empties every store.
 */
public final class LocalStoreBackend implements StoreBackend {

    /** Name of the sweeper thread. */
    public static final String SWEEPER_THREAD_NAME = "cachette-local-sweeper";
    static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);
    static final int DEFAULT_SWEEP_BUDGET = 4096;

    private static final System.Logger LOG = System.getLogger(LocalStoreBackend.class.getName());

    private final long sweepIntervalMillis;
    private final int sweepBudget;
    private final int readStripes;
    private final Set<LocalLruStore<?, ?>> stores = ConcurrentHashMap.newKeySet();

    private final Object lifecycle = new Object();
    private ScheduledThreadPoolExecutor sweeper; // guarded by lifecycle
    private volatile Thread sweeperThread;
    private boolean closed; // guarded by lifecycle

    /** A backend with the default sweep interval and budget; the cache manager's entry point. */
    public LocalStoreBackend() {
        this(DEFAULT_SWEEP_INTERVAL, DEFAULT_SWEEP_BUDGET, ReadBuffer.defaultStripes());
    }

    LocalStoreBackend(Duration sweepInterval, int sweepBudget, int readStripes) {
        this.sweepIntervalMillis = Objects.requireNonNull(sweepInterval, "sweepInterval").toMillis();
        if (sweepIntervalMillis <= 0) {
            throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + sweepInterval);
        }
        if (sweepBudget <= 0) {
            throw new IllegalArgumentException("sweepBudget must be positive, was " + sweepBudget);
        }
        if (readStripes <= 0) {
            throw new IllegalArgumentException("readStripes must be positive, was " + readStripes);
        }
        this.sweepBudget = sweepBudget;
        this.readStripes = readStripes;
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.LOCAL;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a bound is negative
     * @throws IllegalStateException    when this backend is closed
     */
    @Override
    public <K, V> Store<K, V> createStore(StoreContext context) {
        Objects.requireNonNull(context, "context");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the local store backend is closed; cannot create a store for cache "
                        + context.cacheName());
            }
            LocalLruStore<K, V> store = new LocalLruStore<>(context, readStripes, stores::remove);
            stores.add(store);
            startSweeper();
            return store;
        }
    }

    /** Stops the sweeper and empties every store; idempotent. */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor executor;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            executor = sweeper;
            sweeper = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        for (LocalLruStore<?, ?> store : stores) {
            store.close();
        }
        stores.clear();
        if (executor != null && Thread.currentThread() != sweeperThread) {
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "the local store sweeper did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startSweeper() {
        if (sweeper != null) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, SWEEPER_THREAD_NAME);
            thread.setDaemon(true);
            sweeperThread = thread;
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        executor.scheduleWithFixedDelay(this::sweepAll, sweepIntervalMillis, sweepIntervalMillis,
                TimeUnit.MILLISECONDS);
        sweeper = executor;
    }

    /** One sweeper run over every open store; a failure in one store is logged and never stops the sweeper. */
    void sweepAll() {
        for (LocalLruStore<?, ?> store : stores) {
            try {
                store.sweep(sweepBudget);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "sweeping a local store failed", t);
            }
        }
    }

    /** The sweeper's thread once it has started, else {@code null}; for tests. */
    Thread sweeperThread() {
        return sweeperThread;
    }

    /** How many open stores the sweeper visits; for tests. */
    int openStores() {
        return stores.size();
    }
}
