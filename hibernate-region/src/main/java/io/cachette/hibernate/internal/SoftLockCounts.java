package io.cachette.hibernate.internal;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

import io.cachette.hibernate.RegionCounters;

/**
 * The counters of one {@link AtomicReadWriteAccess}: soft locks placed, contended, lost and forced, loads refused
 * because of a lock, compare-and-set retries. They tell whether transactions fight over the same rows (within a
 * JVM or across JVMs sharing the cache), which the cache's hit and miss counts cannot show.
 */
final class SoftLockCounts {

    private final LongAdder placed = new LongAdder();
    private final LongAdder contended = new LongAdder();
    private final LongAdder refusedByLock = new LongAdder();
    private final LongAdder casRetries = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder forced = new LongAdder();

    void placed(boolean contended) {
        placed.increment();
        if (contended) {
            this.contended.increment();
        }
    }

    void refusedByLock() {
        refusedByLock.increment();
    }

    void casRetry() {
        casRetries.increment();
    }

    void lost() {
        lost.increment();
    }

    void forced() {
        forced.increment();
    }

    /** The sums of {@code counts} with {@code cacheFailures}, as the region {@code region}'s counters. */
    static RegionCounters sum(String region, Collection<SoftLockCounts> counts, long cacheFailures) {
        long placed = 0;
        long contended = 0;
        long refusedByLock = 0;
        long casRetries = 0;
        long lost = 0;
        long forced = 0;
        for (SoftLockCounts count : counts) {
            placed += count.placed.sum();
            contended += count.contended.sum();
            refusedByLock += count.refusedByLock.sum();
            casRetries += count.casRetries.sum();
            lost += count.lost.sum();
            forced += count.forced.sum();
        }
        return new RegionCounters(region, placed, contended, refusedByLock, casRetries, lost, forced, cacheFailures);
    }
}
