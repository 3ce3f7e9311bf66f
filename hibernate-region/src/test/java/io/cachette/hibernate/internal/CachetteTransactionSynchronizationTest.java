package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A session's cache timestamp is a transaction start, never a change timestamp (which may write shared state). */
class CachetteTransactionSynchronizationTest {

    private final AtomicLong starts = new AtomicLong(100);
    private final Timestamper timestamper = new Timestamper() {
        @Override
        public long next() {
            throw new AssertionError("a session start must not take a change timestamp");
        }

        @Override
        public long transactionStart() {
            return starts.incrementAndGet();
        }
    };

    @Test
    void openingASession_takesATransactionStart() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper);

        assertEquals(101, sync.getCachingTimestamp());
    }

    @Test
    void joiningATransaction_takesANewTransactionStart() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper);

        sync.transactionJoined();

        assertEquals(102, sync.getCachingTimestamp());
    }

    @Test
    void completingATransaction_keepsTheTimestamp() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper);
        sync.transactionJoined();

        sync.transactionCompleting();
        sync.transactionCompleted(true);

        assertEquals(102, sync.getCachingTimestamp());
    }
}
