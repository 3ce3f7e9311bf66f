package io.cachette.store.local;

import java.util.function.Consumer;

/**
 * Striped, lossy ring buffers that record reads of the local store without a lock, so that concurrent
 * {@code get}s do not serialize on the eviction lock: a reader appends the node it read to the ring of its
 * stripe (its thread id modulo the stripe count) with one compare-and-set, and the holder of the eviction lock
 * replays the recorded reads into the access order later, in the order each ring received them: a reader
 * whose ring is full replays its own ring, other maintenance replays all of them.
 *
 * <p>Lossy by design: when a ring is full, or its tail is contended, the read is not recorded and
 * {@link #offer} says so; a lost read only makes an entry look older than it is. One thread always lands on
 * the same ring, so the reads of a single thread are replayed exactly and in order.
 */
final class ReadBuffer<E> {

    /** Reads one ring holds before the store must drain it. */
    static final int RING_SIZE = 16;
    static final int MAX_STRIPES = 64;

    private final MpscRing<E>[] rings;
    private final int mask;

    @SuppressWarnings("unchecked")
    ReadBuffer(int stripes) {
        int n = Integer.highestOneBit(Math.max(1, Math.min(stripes, MAX_STRIPES)) * 2 - 1);
        this.rings = new MpscRing[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new MpscRing<>(RING_SIZE);
        }
        this.mask = n - 1;
    }

    /** Stripes for this machine: four per processor (rounded up to a power of two), at most 64. */
    static int defaultStripes() {
        return Math.min(MAX_STRIPES, 4 * Runtime.getRuntime().availableProcessors());
    }

    int stripes() {
        return rings.length;
    }

    /** Records a read of {@code e}: {@link MpscRing#SUCCESS}, {@link MpscRing#FULL} or {@link MpscRing#FAILED}. */
    int offer(E e) {
        return rings[stripe()].offerOnce(e);
    }

    /** Replays the reads recorded in the current thread's ring into {@code consumer}; under the eviction lock. */
    void drainCurrentTo(Consumer<? super E> consumer) {
        rings[stripe()].drainTo(consumer);
    }

    /** Replays every recorded read into {@code consumer}; the caller holds the eviction lock. */
    void drainTo(Consumer<? super E> consumer) {
        for (MpscRing<E> ring : rings) {
            ring.drainTo(consumer);
        }
    }

    /**
     * The current thread's stripe: its id modulo the stripe count. Ids are handed out in thread creation
     * order, so the threads of a pool, created one after another, land on distinct rings (up to the number
     * of stripes) instead of colliding by chance as hashed ids would.
     */
    @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; getId() reads the same final field
    private int stripe() {
        return (int) Thread.currentThread().getId() & mask;
    }
}
