package io.cachette.store.local;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * What the tests read of a {@link LocalLruStore}'s insides, from its package-private fields: the map's size, the
 * access order's counts, and the eviction lock that stalls maintenance. Reads that must not race an eviction are
 * taken under the eviction lock; releasing it runs the maintenance a writer may have left, as the store does.
 */
final class LocalLruStoreProbe {

    private LocalLruStoreProbe() {
    }

    /** The eviction lock, for tests that must hold it to stall maintenance. */
    static ReentrantLock evictionLock(LocalLruStore<?, ?> store) {
        return store.evictionLock;
    }

    /** Entries in the map, expired or not, including writes not yet through the eviction lock. */
    static long mappingCount(LocalLruStore<?, ?> store) {
        return store.map.mappingCount();
    }

    /** Entries in the map, read while holding the eviction lock (so that no eviction runs meanwhile). */
    static long mappingCountUnderEvictionLock(LocalLruStore<?, ?> store) {
        return underEvictionLock(store, store.map::mappingCount);
    }

    /** Nodes linked into the access order: what the entry bound counts. */
    static long linkedCount(LocalLruStore<?, ?> store) {
        return underEvictionLock(store, store.order::size);
    }

    /** Sum of the weights of the mapped nodes, expired or not, read while holding the eviction lock. */
    static long mappedWeightUnderEvictionLock(LocalLruStore<?, ?> store) {
        return underEvictionLock(store, () -> {
            long sum = 0;
            for (Node<?, ?> node : store.map.values()) {
                sum += node.weight();
            }
            return sum;
        });
    }

    /** Estimated bytes of the entries the bounds count (those linked into the access order). */
    static long weightedSize(LocalLruStore<?, ?> store) {
        return underEvictionLock(store, store.order::weight);
    }

    private static long underEvictionLock(LocalLruStore<?, ?> store, LongSupplier read) {
        store.evictionLock.lock();
        try {
            return read.getAsLong();
        } finally {
            store.evictionLock.unlock();
            store.drainIfRequired();
        }
    }
}
