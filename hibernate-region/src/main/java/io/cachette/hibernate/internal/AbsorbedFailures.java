package io.cachette.hibernate.internal;

import io.cachette.store.StoreFailures;

import java.util.function.LongSupplier;

import javax.cache.Cache;

/**
 * Counts the failures a store absorbs by itself: a memcached store answers a read of a down server as a miss
 * and drops the write, without an exception, so {@link RegionCache} reads this count to report the outage
 * through its {@link FailureLog} all the same. Asked through the store SPI ({@link StoreFailures}), so this
 * layer names no backend.
 */
final class AbsorbedFailures {

    private AbsorbedFailures() {
    }

    /** The count of absorbed failures of {@code cache}'s store, or {@code null} if its store absorbs none. */
    static LongSupplier of(Cache<?, ?> cache) {
        StoreFailures failures;
        try {
            failures = cache.unwrap(StoreFailures.class);
        } catch (IllegalArgumentException absorbsNone) {
            return null;
        }
        return failures::absorbedFailures;
    }
}
