package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.cachette.store.ConsistentReads;

/**
 * A session's cache timestamp is a transaction start, never a change timestamp (which may write shared state),
 * taken once per transaction, together with one freshness check of the near tiers.
 */
class CachetteTransactionSynchronizationTest {

    private final AtomicLong starts = new AtomicLong(100);
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger startsInsideACheck = new AtomicInteger();
    private final ThreadLocal<Boolean> insideCheck = ThreadLocal.withInitial(() -> false);
    private final Timestamper timestamper = new Timestamper() {
        @Override
        public long next() {
            throw new AssertionError("a session start must not take a change timestamp");
        }

        @Override
        public long transactionStart() {
            if (insideCheck.get()) {
                startsInsideACheck.incrementAndGet();
            }
            return starts.incrementAndGet();
        }
    };
    private final ConsistentReads reads = () -> {
        checks.incrementAndGet();
        return new ConsistentReads.Scope() {
            @Override
            public <T> T call(Supplier<T> read) {
                insideCheck.set(true);
                try {
                    return read.get();
                } finally {
                    insideCheck.set(false);
                }
            }
        };
    };

    @Test
    void openingASession_takesNoTransactionStart_untilOneIsNeeded() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper, reads);

        assertEquals(100, starts.get(), "nothing read when the session opens");
        assertEquals(101, sync.getCachingTimestamp());
        assertEquals(101, sync.getCachingTimestamp(), "taken once");
    }

    @Test
    void joiningATransaction_takesOneTransactionStart() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper, reads);

        sync.transactionJoined();

        assertEquals(101, sync.getCachingTimestamp());
        assertEquals(101, starts.get());
    }

    @Test
    void transactionStart_isReadInsideOneFreshnessCheck() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper, reads);

        sync.transactionJoined();
        sync.getCachingTimestamp();

        assertEquals(1, checks.get(), "one check per transaction");
        assertEquals(1, startsInsideACheck.get(), "the counter is read within it");
    }

    @Test
    void workAfterACompletedTransaction_takesANewStart() {
        CachetteTransactionSynchronization sync = new CachetteTransactionSynchronization(timestamper, reads);
        sync.transactionJoined();

        sync.transactionCompleting();
        sync.transactionCompleted(true);

        assertEquals(102, sync.getCachingTimestamp());
        assertEquals(2, checks.get(), "a new check for the work after it");
    }
}
