package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The put operations of one cache ({@code put}, {@code getAndPut}, {@code putIfAbsent}, the {@code replace}s,
 * {@code putAll}): each one {@link Mutations} write, its statistics and its events.
 *
 * <p>{@code put} and {@code putAll} skip the read of the entries they replace ({@link Store#put}, one round trip
 * to memcached instead of two) when nothing depends on them: no listener, no writer (its calls must stay in the
 * order of the store's changes of a key, which only the atomic path keeps), and an expiry policy that gives
 * creations and updates the same expiry time.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Writes<K, V> {

    private final CacheContext<K, V> context;
    private final Mutations<K, V> mutations;
    private final StatisticsRecorder statistics;
    private final ByValue byValue;
    /** Whether puts may skip reading the entries they replace while no listener is registered. */
    private final boolean blindPuts;

    public Writes(CacheContext<K, V> context, Mutations<K, V> mutations) {
        this.context = context;
        this.mutations = mutations;
        this.statistics = context.statistics();
        this.byValue = context.byValue();
        this.blindPuts = context.expiry().writeIgnoresCurrent() && context.writer() == null;
    }

    public void put(K key, V value) {
        long start = statistics.start();
        if (blindPuts && !context.events().hasListeners() && putBlindly(key, value)) {
            statistics.recordPuts(1, start);
            return;
        }
        MutationOutcome<K, V> put = mutations.write(key, value, null, false);
        statistics.recordPuts(put.isWritten() ? 1 : 0, start);
        put.publish();
    }

    /**
     * A put that does not read the entry it replaces, for when nothing depends on that entry. Statistics count
     * a put either way.
     *
     * @return {@code false}, having done nothing, when the policy expires the entry at once: the atomic path then
     *         decides between not storing and removing
     */
    private boolean putBlindly(K key, V value) {
        long at = context.expiry().blindWrite();
        if (at == ExpiryDecision.EXPIRED) {
            return false;
        }
        context.store().put(byValue.copyIn(key), byValue.copyIn(value), at);
        return true;
    }

    public V getAndPut(K key, V value) {
        return oldValue(readAndWrite(key, value, null, false));
    }

    public boolean putIfAbsent(K key, V value) {
        long start = statistics.start();
        MutationOutcome<K, V> put = mutations.write(key, value, Mutations.absent(), false);
        statistics.recordConditionalPut(put.oldEntry() != null, put.isWritten(), start);
        put.publish();
        return put.isApplied();
    }

    public boolean replace(K key, V oldValue, V newValue) {
        return readAndWrite(key, newValue, current -> current != null && current.value().equals(oldValue), true)
                .isApplied();
    }

    public boolean replace(K key, V value) {
        return readAndWrite(key, value, Mutations.present(), false).isApplied();
    }

    public V getAndReplace(K key, V value) {
        return oldValue(readAndWrite(key, value, Mutations.present(), false));
    }

    /** A write that reads the entry it may replace: a hit or a miss, and both a get's and a put's time. */
    private MutationOutcome<K, V> readAndWrite(K key, V value, Predicate<StoreEntry<V>> condition,
                                               boolean rejectionIsAccess) {
        long start = statistics.start();
        MutationOutcome<K, V> write = mutations.write(key, value, condition, rejectionIsAccess);
        statistics.recordReadAndWrite(write.oldEntry() != null, write.isWritten(), start);
        write.publish();
        return write;
    }

    private V oldValue(MutationOutcome<K, V> outcome) {
        return outcome.oldEntry() == null ? null : byValue.copyOut(outcome.oldEntry().value());
    }

    /** {@code putAll} of entries already checked for {@code null}s. */
    public void putAll(Map<? extends K, ? extends V> map) {
        long start = statistics.start();
        if (blindPuts && !context.events().hasListeners() && putAllBlindly(map)) {
            statistics.recordPuts(map.size(), start);
            return;
        }
        Map<K, V> copies = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            copies.put(entry.getKey(), byValue.copyIn(entry.getValue()));
        }
        KeyBatch<K, V> batch = new KeyBatch<>(context.writer() == null ? null : context.writer().writeAll(map),
                context.events());
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            if (!batch.failed(entry.getKey())) {
                batch.add(mutations.writeWritten(entry.getKey(), entry.getValue(), copies.get(entry.getKey())));
            }
        }
        statistics.recordPuts(batch.changed(), start);
        batch.finish();
    }

    /** {@link #putAll} as one {@link Store#putAll} (a remote store pipelines it): the conditions of a blind put. */
    private boolean putAllBlindly(Map<? extends K, ? extends V> map) {
        long at = context.expiry().blindWrite();
        if (at == ExpiryDecision.EXPIRED) {
            return false;
        }
        Map<K, V> copies = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            copies.put(byValue.copyIn(entry.getKey()), byValue.copyIn(entry.getValue()));
        }
        context.store().putAll(copies, at);
        return true;
    }
}
