package io.cachette.store.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Striped, lossy ring buffers that record reads of the local store without a lock, so that concurrent
 * {@code get}s do not serialize on the eviction lock: a reader appends the node it read to the ring of its
 * stripe (chosen by thread id) with one compare-and-set, and the thread that holds the eviction lock replays
 * the recorded reads into the access order later, in the order each ring received them.
 *
 * <p>Lossy by design: when a ring is full, or its tail is contended, the read is not recorded and
 * {@link #offer} says so; a lost read only makes the entry look older than it is. One thread always lands on
 * the same ring, so the reads of a single thread are replayed exactly and in order.
 */
final class ReadBuffer<E> {

    /** Reads one ring holds before the store must drain it. */
    static final int RING_SIZE = 16;
    private static final int RING_MASK = RING_SIZE - 1;
    static final int MAX_STRIPES = 64;

    /** The read was recorded. */
    static final int SUCCESS = 0;
    /** The ring was full: the read was not recorded, and the caller should drain. */
    static final int FULL = 1;
    /** Another reader won the ring's tail: the read was not recorded. */
    static final int FAILED = 2;

    private final Ring<E>[] rings;
    private final int mask;

    @SuppressWarnings("unchecked")
    ReadBuffer(int stripes) {
        int n = Integer.highestOneBit(Math.max(1, Math.min(stripes, MAX_STRIPES)) * 2 - 1);
        this.rings = new Ring[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new Ring<>();
        }
        this.mask = n - 1;
    }

    /** Stripes for a machine: four per processor, as a power of two, at most {@link #MAX_STRIPES}. */
    static int defaultStripes() {
        return Math.min(MAX_STRIPES, 4 * Runtime.getRuntime().availableProcessors());
    }

    int stripes() {
        return rings.length;
    }

    /** Records a read of {@code e}; returns {@link #SUCCESS}, {@link #FULL} or {@link #FAILED}. */
    int offer(E e) {
        return rings[stripe()].offer(e);
    }

    /** Replays every recorded read into {@code consumer}; the caller holds the eviction lock. */
    void drainTo(Consumer<? super E> consumer) {
        for (Ring<E> ring : rings) {
            ring.drainTo(consumer);
        }
    }

    @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; getId() is the same final field read
    private int stripe() {
        long id = Thread.currentThread().getId();
        int h = (int) (id * 0x9E3779B97F4A7C15L >>> 32);
        return h & mask;
    }

    /** Left padding, so that a ring's counters do not share a cache line with the previous object. */
    abstract static class PadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** The consumer's index: written only by the thread that holds the eviction lock. */
    abstract static class HeadField extends PadBefore {
        volatile long head;
    }

    /** Padding between head and tail: the drainer writes one, the readers the other. */
    abstract static class PadMiddle extends HeadField {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** The producers' index, advanced by compare-and-set. */
    abstract static class TailField extends PadMiddle {
        volatile long tail;
    }

    /** One ring: a single consumer (under the lock), many producers. */
    static final class Ring<E> extends TailField {
        private static final VarHandle HEAD;
        private static final VarHandle TAIL;
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                HEAD = lookup.findVarHandle(HeadField.class, "head", long.class);
                TAIL = lookup.findVarHandle(TailField.class, "tail", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long p20, p21, p22, p23, p24, p25, p26, p27;
        private final Object[] slots = new Object[RING_SIZE];

        int offer(E e) {
            long h = (long) HEAD.getAcquire(this);
            long t = (long) TAIL.getAcquire(this);
            if (t - h >= RING_SIZE) {
                return FULL;
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                SLOTS.setRelease(slots, (int) (t & RING_MASK), e);
                return SUCCESS;
            }
            return FAILED;
        }

        @SuppressWarnings("unchecked")
        void drainTo(Consumer<? super E> consumer) {
            long h = (long) HEAD.getOpaque(this);
            long t = (long) TAIL.getAcquire(this);
            while (h != t) {
                int index = (int) (h & RING_MASK);
                E e = (E) SLOTS.getAcquire(slots, index);
                if (e == null) {
                    break; // a producer won this slot but has not published it yet: resume there next time
                }
                SLOTS.setRelease(slots, index, null);
                h++;
                consumer.accept(e);
            }
            HEAD.setRelease(this, h);
        }
    }
}
