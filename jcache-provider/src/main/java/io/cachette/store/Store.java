package io.cachette.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Storage under one {@code CachetteCache}: keeps entries and nothing else.
 *
 * <p>The JSR-107 rules (expiry policy, loaders, writers, events, statistics, by-value copies) live once, in
 * the cache layer above; a store only stores. Every method may be called concurrently. Expiry times are epoch
 * milliseconds from the {@link StoreContext#clock() context clock}; {@link StoreEntry#ETERNAL} never expires.
 * A store never returns an entry whose expiry time is at or before the clock's now.
 *
 * <p>Atomic read-modify-write goes through {@link #compute}: the local store runs the mutation once under the
 * key's lock, a remote store runs it optimistically and retries on a compare-and-set conflict, so a mutation
 * must be free of side effects it cannot repeat.
 *
 * @param <K> key type
 * @param <V> value type, as the cache layer hands it over (already copied when the cache is by-value and the
 *            store does not copy by itself)
 */
public interface Store<K, V> extends AutoCloseable {

    /** What this store does by itself, so that the cache layer can adapt. */
    StoreCapabilities capabilities();

    /** The live entry of {@code key}, or {@code null}. */
    StoreEntry<V> get(K key);

    /** The live entries among {@code keys}; absent keys are left out of the result. */
    Map<K, StoreEntry<V>> getAll(Collection<? extends K> keys);

    /**
     * Stores {@code value} unconditionally, replacing any entry of {@code key}, without reading it first: the
     * cache layer's {@code put} comes here whenever nothing depends on the entry replaced (no listener, no writer,
     * an expiry independent of it), so a remote store should make this one write, not a compare-and-set.
     */
    void put(K key, V value, long expiresAtMillis);

    /**
     * Stores all of {@code entries} with one expiry time, as {@link #put} each; a remote store may batch them
     * (the cache layer's {@code putAll} comes here on the same conditions as {@code put}).
     */
    default void putAll(Map<? extends K, ? extends V> entries, long expiresAtMillis) {
        entries.forEach((key, value) -> put(key, value, expiresAtMillis));
    }

    /** Removes {@code key}; {@code true} when a live entry was removed. */
    boolean remove(K key);

    /**
     * Atomically replaces the entry of {@code key} with what {@code mutation} decides from the current live
     * entry ({@code null} when absent). Returns the decision that was applied.
     */
    StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation);

    /**
     * Loads a key the cache layer just found missing, letting one caller at a time load it among all the JVMs
     * that share this store (herd control; the cache layer already lets one thread per JVM in). A store other JVMs
     * share makes the other callers wait, a bounded time, and hands them the entry the loading caller stored; a
     * caller whose wait runs out runs {@code load} itself. This default, for a store no other JVM shares, looks
     * once more (another thread of this JVM may have just stored it) and otherwise runs {@code load}.
     *
     * <p>A store that serves expired values while one caller reloads them (stale-while-revalidate) returns such a
     * value to the callers that do not reload it, and hands it to {@code refreshing} before this caller reloads, so
     * that the callers waiting for this one in its JVM can be answered with it meanwhile.
     *
     * @param load       loads the value and stores it through this store (or finds none)
     * @param refreshing receives the expired entry this caller is about to reload; never called by this default
     * @return the entry another caller stored (or an expired one another caller is reloading), or {@code null} when
     *         this caller ran {@code load}
     */
    default StoreEntry<V> loadMissing(K key, Runnable load, Consumer<StoreEntry<V>> refreshing) {
        StoreEntry<V> found = get(key);
        if (found == null) {
            load.run();
        }
        return found;
    }

    /**
     * {@link #loadMissing} for several keys: {@code loadAll} runs (possibly more than once, with disjoint keys)
     * for the keys this caller loads.
     *
     * @return the entries other callers stored (or expired ones they are reloading); the keys not in it were handed
     *         to {@code loadAll}
     */
    default Map<K, StoreEntry<V>> loadAllMissing(List<K> keys, Consumer<List<K>> loadAll) {
        Map<K, StoreEntry<V>> found = getAll(keys);
        if (found.size() < keys.size()) {
            List<K> missing = new ArrayList<>(keys.size() - found.size());
            for (K key : keys) {
                if (!found.containsKey(key)) {
                    missing.add(key);
                }
            }
            loadAll.accept(missing);
        }
        return found;
    }

    /**
     * {@link #compute} for a mutation that is costly when the entry is absent (an entry processor that loads the
     * value, as {@code @Cacheable(sync = true)} does): a store other JVMs share lets one caller at a time decide
     * on the absent entry while the others wait, a bounded time, to decide on the entry it stored. This default
     * is {@link #compute}, which already runs one mutation of a key at a time in this JVM.
     */
    default StoreMutation<V> computeLoading(K key, StoreMutation.Function<V> mutation) {
        return compute(key, mutation);
    }

    /** What this store's own herd control counted; {@link HerdCounters#NONE} when it has none. */
    default HerdCounters herdCounters() {
        return HerdCounters.NONE;
    }

    /**
     * Hands every object of the values this store deserializes from now on to {@code resolver} ({@code null}: no
     * resolver). A store that keeps values as objects (one that does not
     * {@linkplain StoreCapabilities#copiesValues() copy values}) deserializes nothing and ignores it.
     */
    default void resolveValuesWith(ValueResolver resolver) {
        // nothing is deserialized
    }

    /** Removes every entry. */
    void clear();

    /**
     * How many entries the store holds as far as it can tell without a scan (entries expired but not yet removed
     * may count), or {@code -1} when it cannot tell cheaply (a remote store); for metrics, never for decisions.
     */
    default long estimatedSize() {
        return -1;
    }

    /**
     * The keys of the live entries, as a weakly consistent snapshot; {@link Iterator#remove()} is not
     * supported here (the cache layer removes through {@link #remove}).
     */
    Iterator<K> keys();

    /** Releases the store's resources; later calls may fail. */
    @Override
    void close();
}
