package io.cachette.store.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A bounded array ring with many producers and one consumer at a time (the holder of the store's eviction
 * lock). A producer claims a slot by advancing the tail with a compare-and-set and then publishes its
 * element; the consumer takes elements in claim order and stops at a claimed slot not yet published (that
 * producer drains it, or asks for a drain, after publishing). Neither side takes a lock or allocates.
 *
 * <p>The head and the tail sit on separate cache lines, since readers and the drainer write them at once.
 */
final class MpscRing<E> extends RingCounters.TailField {

    /** The element was added. */
    static final int SUCCESS = 0;
    /** The ring was full; nothing was added. */
    static final int FULL = 1;
    /** Another producer won the slot; nothing was added. */
    static final int FAILED = 2;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RingCounters.HeadField.class, "head", long.class);
            TAIL = lookup.findVarHandle(RingCounters.TailField.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long p20, p21, p22, p23, p24, p25, p26, p27;
    private final Object[] slots;
    private final int mask;

    /** A ring of {@code capacity} slots, a power of two. */
    MpscRing(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** One attempt to add {@code e}: {@link #SUCCESS}, {@link #FULL}, or {@link #FAILED} under contention. */
    int offerOnce(E e) {
        long h = (long) HEAD.getAcquire(this);
        long t = (long) TAIL.getAcquire(this);
        if (t - h >= slots.length) {
            return FULL;
        }
        if (TAIL.compareAndSet(this, t, t + 1)) {
            SLOTS.setRelease(slots, (int) (t & mask), e);
            return SUCCESS;
        }
        return FAILED;
    }

    /** Adds {@code e} unless the ring is full, retrying under contention; {@code false} when full. */
    boolean offer(E e) {
        for (;;) {
            int result = offerOnce(e);
            if (result != FAILED) {
                return result == SUCCESS;
            }
        }
    }

    /** Hands every published element to {@code consumer}, in order; the caller holds the consumer role. */
    @SuppressWarnings("unchecked")
    void drainTo(Consumer<? super E> consumer) {
        long h = (long) HEAD.getOpaque(this);
        long t = (long) TAIL.getAcquire(this);
        if (h == t) {
            return;
        }
        try {
            while (h != t) {
                int index = (int) (h & mask);
                E e = (E) SLOTS.getAcquire(slots, index);
                if (e == null) {
                    break; // claimed but not yet published: its producer will see to it
                }
                slots[index] = null; // plain: the release of the head below publishes the emptied slots
                h++;
                consumer.accept(e);
            }
        } finally {
            HEAD.setRelease(this, h);
        }
    }
}
