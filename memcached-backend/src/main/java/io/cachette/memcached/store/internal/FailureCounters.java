package io.cachette.memcached.store.internal;

import io.cachette.memcached.store.MemcachedStoreCounters;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one store absorbed instead of throwing: reads that failed (answered as misses), writes dropped, items
 * refused by the signature check ({@link SignatureFailureException}), items that could not be decoded (every other
 * {@link RejectedPayloadException}: a class off the allow-list, a foreign or corrupt item), compare-and-set
 * conflicts; with their log lines (failures at DEBUG, refused items at WARNING for the first and every
 * thousandth of each kind). One home for the counting, so that every path counts the same way.
 */
public final class FailureCounters {

    private final System.Logger log;
    private final String cacheName;
    private final LongAdder failedReads = new LongAdder();
    private final LongAdder droppedWrites = new LongAdder();
    private final LongAdder deserializationRejections = new LongAdder();
    private final LongAdder signatureFailures = new LongAdder();
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

    /**
     * An item that is treated as a miss: counted as a signature failure when the signature check refused it,
     * as a deserialization rejection otherwise (never both: a refused signature stops the item before decoding).
     */
    public void rejected(String memcachedKey, RejectedPayloadException e) {
        boolean signature = e instanceof SignatureFailureException;
        LongAdder counter = signature ? signatureFailures : deserializationRejections;
        counter.increment();
        long count = counter.sum();
        if (count == 1 || count % 1000 == 0) {
            log.log(Level.WARNING, "cache " + cacheName + ": the item " + memcachedKey + " is treated as a miss ("
                    + count + (signature ? " signature failures" : " deserialization rejections") + " so far): "
                    + e.getMessage());
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
        return new MemcachedStoreCounters(failedReads.sum(), droppedWrites.sum(), deserializationRejections.sum(),
                signatureFailures.sum(), casConflicts.sum());
    }
}
