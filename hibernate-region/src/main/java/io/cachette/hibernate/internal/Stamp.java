package io.cachette.hibernate.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A globally unique identity: a random source id plus a sequence number.
 *
 * <p>Why: {@code Cache.replace(k, old, new)} and {@code remove(k, old)} compare values with {@code equals}, and
 * the store may hand back copies (store-by-value, memcached). Each cached read-write entry therefore carries a
 * stamp that changes on every write and defines its equality, so a compare-and-set succeeds only against the
 * exact write that was read, in this JVM or another.
 */
record Stamp(long sourceHigh, long sourceLow, long sequence) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Hands out stamps of one random source. */
    static final class Source {
        private final long high;
        private final long low;
        private final AtomicLong sequence = new AtomicLong();

        Source() {
            UUID id = UUID.randomUUID();
            this.high = id.getMostSignificantBits();
            this.low = id.getLeastSignificantBits();
        }

        Stamp next() {
            return new Stamp(high, low, sequence.incrementAndGet());
        }
    }
}
