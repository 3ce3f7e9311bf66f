package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.event.EventBatch;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;

import java.util.List;
import java.util.Set;

/**
 * The removals of one cache ({@code remove}, {@code getAndRemove}, {@code removeAll}, an iterator's
 * {@code remove}): each key one {@link Mutations} removal, its statistics and its events.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Removals<K, V> {

    private final Mutations<K, V> mutations;
    private final ByValue byValue;
    private final StatisticsRecorder statistics;
    private final CacheEvents<K, V> events;
    private final CacheWriterAdapter<K, V> writer;

    /** @param writer the cache's writer, {@code null} without write-through */
    public Removals(Mutations<K, V> mutations, ByValue byValue, StatisticsRecorder statistics,
                    CacheEvents<K, V> events, CacheWriterAdapter<K, V> writer) {
        this.mutations = mutations;
        this.byValue = byValue;
        this.statistics = statistics;
        this.events = events;
        this.writer = writer;
    }

    public boolean remove(K key) {
        long start = statistics.start();
        MutationOutcome<K, V> removal = mutations.remove(key, null);
        statistics.recordRemovals(removal.isRemoved() ? 1 : 0, start);
        removal.publish();
        return removal.isRemoved();
    }

    public boolean remove(K key, V oldValue) {
        return readAndRemove(key, oldValue).isRemoved();
    }

    public V getAndRemove(K key) {
        MutationOutcome<K, V> removal = readAndRemove(key, null);
        return removal.oldEntry() == null ? null : byValue.copyOut(removal.oldEntry().value());
    }

    /** A removal that reads the entry: of any entry, or of one holding {@code expected} when that is given. */
    private MutationOutcome<K, V> readAndRemove(K key, V expected) {
        long start = statistics.start();
        MutationOutcome<K, V> removal = mutations.remove(key,
                expected == null ? null : current -> current.value().equals(expected));
        statistics.recordReadAndRemove(removal.oldEntry() != null, removal.isRemoved(), start);
        removal.publish();
        return removal;
    }

    /** Removes {@code keys}: one writer batch, then each key the writer did not fail, one event batch. */
    public void removeAll(List<K> keys) {
        long start = statistics.start();
        CacheWriterAdapter.Batch<K> batch = writer == null ? null : writer.deleteAll(keys);
        Set<K> failed = batch == null ? Set.of() : batch.failedKeys();
        EventBatch<K, V> published = events.newBatch();
        long removals = 0;
        for (K key : keys) {
            if (failed.contains(key)) {
                continue;
            }
            MutationOutcome<K, V> removal = mutations.removeDeleted(key);
            if (removal.isRemoved()) {
                removals++;
            }
            removal.addTo(published);
        }
        statistics.recordRemovals(removals, start);
        published.publish();
        if (batch != null) {
            batch.rethrow();
        }
    }
}
