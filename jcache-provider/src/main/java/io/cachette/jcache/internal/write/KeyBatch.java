package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.event.EventBatch;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;

import java.util.Set;

/**
 * The per-key part of {@code putAll} or {@code removeAll} after the writer's batch call: the keys the writer
 * failed stay unchanged, the entries changed are counted, their events collected, and at the end the events are
 * published and the writer's failure rethrown, as the spec's batch rule says.
 */
final class KeyBatch<K, V> {

    private final CacheWriterAdapter.Batch<K> writerBatch;
    private final Set<K> failed;
    private final EventBatch<K, V> events;
    private long changed;

    /** @param writerBatch the outcome of the writer's batch call, {@code null} without a writer */
    KeyBatch(CacheWriterAdapter.Batch<K> writerBatch, CacheEvents<K, V> events) {
        this.writerBatch = writerBatch;
        this.failed = writerBatch == null ? Set.of() : writerBatch.failedKeys();
        this.events = events.newBatch();
    }

    /** Whether the writer failed {@code key}, which must then stay as it is. */
    boolean failed(K key) {
        return failed.contains(key);
    }

    void add(MutationOutcome<K, V> outcome) {
        if (outcome.isWritten() || outcome.isRemoved()) {
            changed++;
        }
        outcome.addTo(events);
    }

    /** How many entries were written or removed. */
    long changed() {
        return changed;
    }

    /** Publishes the events, then throws the writer's failure, if any. */
    void finish() {
        events.publish();
        if (writerBatch != null) {
            writerBatch.rethrow();
        }
    }
}
