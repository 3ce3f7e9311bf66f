package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.store.NearCacheCounters;

import java.util.concurrent.atomic.LongAdder;

/** What one near tier counted, kept apart from the tier's rules; read as a {@link NearCacheCounters} snapshot. */
final class NearTierCounts {

    private final LongAdder hits = new LongAdder();
    private final LongAdder fills = new LongAdder();
    private final LongAdder fillsRefused = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder fullDrops = new LongAdder();
    private final LongAdder unservable = new LongAdder();
    private final LongAdder published = new LongAdder();

    void hit() {
        hits.increment();
    }

    void filled() {
        fills.increment();
    }

    void fillRefused() {
        fillsRefused.increment();
    }

    void gap() {
        gaps.increment();
    }

    void fullDrop() {
        fullDrops.increment();
    }

    void unservable() {
        unservable.increment();
    }

    void published() {
        published.increment();
    }

    /** The counts now, with the feed follower's head reads (shared by the tiers of one cache manager). */
    NearCacheCounters snapshot(long headReads) {
        return new NearCacheCounters(hits.sum(), fills.sum(), fillsRefused.sum(), gaps.sum(), fullDrops.sum(),
                unservable.sum(), published.sum(), headReads);
    }
}
