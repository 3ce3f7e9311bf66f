package io.cachette.hibernate.internal;

import java.util.function.LongSupplier;

import javax.cache.Cache;

/**
 * Counts the failures a store absorbs by itself: a memcached store answers a read of a down server as a miss
 * and drops the write, without an exception, so {@link RegionCache} reads this count to report the outage
 * through its {@link FailureLog} all the same.
 *
 * <p>Why a separate class: {@code cachette-memcached} is an optional dependency. Only this class names its
 * types, and it is loaded only after {@link #of} found the memcached store on the class path.
 */
final class AbsorbedFailures {

    private static final String MEMCACHED_STORE = "io.cachette.memcached.store.MemcachedStore";
    private static final boolean MEMCACHED_PRESENT = isPresent();

    private AbsorbedFailures() {
    }

    /** The count of absorbed failures of {@code cache}'s store, or {@code null} if its store absorbs none. */
    static LongSupplier of(Cache<?, ?> cache) {
        return MEMCACHED_PRESENT ? Memcached.counter(cache) : null;
    }

    private static boolean isPresent() {
        try {
            Class.forName(MEMCACHED_STORE, false, AbsorbedFailures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when the memcached store is on the class path. */
    private static final class Memcached {

        static LongSupplier counter(Cache<?, ?> cache) {
            io.cachette.memcached.store.MemcachedStore<?, ?> store;
            try {
                store = cache.unwrap(io.cachette.memcached.store.MemcachedStore.class);
            } catch (IllegalArgumentException notMemcached) {
                return null;
            }
            return () -> {
                io.cachette.memcached.store.MemcachedStoreCounters counters = store.counters();
                return counters.failedReads() + counters.droppedWrites();
            };
        }
    }
}
