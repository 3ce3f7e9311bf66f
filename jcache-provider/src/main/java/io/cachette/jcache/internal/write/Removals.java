package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;

import java.util.List;

/**
 * The removals of one cache ({@code remove}, {@code getAndRemove}, {@code removeAll}, an iterator's
 * {@code remove}): each key one {@link Mutations} removal, its statistics and its events.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Removals<K, V> {

    private final CacheContext<K, V> context;
    private final Mutations<K, V> mutations;
    private final StatisticsRecorder statistics;

    public Removals(CacheContext<K, V> context, Mutations<K, V> mutations) {
        this.context = context;
        this.mutations = mutations;
        this.statistics = context.statistics();
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
        return removal.oldEntry() == null ? null : context.byValue().copyOut(removal.oldEntry().value());
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
        KeyBatch<K, V> batch = new KeyBatch<>(context.writer() == null ? null : context.writer().deleteAll(keys),
                context.events());
        for (K key : keys) {
            if (!batch.failed(key)) {
                batch.add(mutations.removeDeleted(key));
            }
        }
        statistics.recordRemovals(batch.changed(), start);
        batch.finish();
    }
}
