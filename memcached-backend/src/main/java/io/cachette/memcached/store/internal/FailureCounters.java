package io.cachette.memcached.store.internal;

import io.cachette.memcached.store.MemcachedStoreCounters;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one store absorbed instead of throwing: reads that failed (answered as misses), writes dropped, items
 * rejected as foreign or unsafe, compare-and-set conflicts; with their log lines (failures at DEBUG, rejected
 * items at WARNING for the first and every thousandth). One home for the counting, so that every path counts
 * the same way.
 */
public final class FailureCounters {

    private final System.Logger log;
    private final String cacheName;
    private final LongAdder failedReads = new LongAdder();
    private final LongAdder droppedWrites = new LongAdder();
    private final LongAdder rejectedPayloads = new LongAdder();
    private final LongAdder casConflicts = new LongAdder();

    public FailureCounters(System.Logger log, String cacheName) {
        this.log = log;
        this.cacheName = cacheName;
    }

    /** {@code count} reads failed on {@code subject}; {@code e}: why, logged when not {@code null}. */
    public void failedReads(int count, String operation, String subject, Exception e) {
        failedReads.add(count);
        if (e != null) {
            logFailure(operation, subject, e);
        }
    }

    /** {@code count} writes were dropped; {@code e}: why, logged when not {@code null}. */
    public void droppedWrites(int count, String operation, String subject, Exception e) {
        droppedWrites.add(count);
        if (e != null) {
            logFailure(operation, subject, e);
        }
    }

    public void casConflict() {
        casConflicts.increment();
    }

    /** An item that is treated as a miss: foreign, unsigned, or refused by the deserialization filter. */
    public void rejected(String memcachedKey, RejectedPayloadException e) {
        rejectedPayloads.increment();
        long count = rejectedPayloads.sum();
        if (count == 1 || count % 1000 == 0) {
            log.log(Level.WARNING, "cache " + cacheName + ": the item " + memcachedKey
                    + " is treated as a miss (" + count + " so far): " + e.getMessage());
        }
    }

    /** Logs a failure that was absorbed (at DEBUG). */
    void logFailure(String operation, String subject, Exception e) {
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "cache " + cacheName + ": " + operation + " of " + subject + " failed: "
                    + e.getMessage());
        }
    }

    public MemcachedStoreCounters counters() {
        return new MemcachedStoreCounters(failedReads.sum(), droppedWrites.sum(), rejectedPayloads.sum(),
                casConflicts.sum());
    }
}
