package io.cachette.jcache.internal.read;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.ReadThrough;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads of one cache ({@code get}, {@code getAll}, an iterator's): a store lookup, the access expiry of the
 * entry found, read-through on a miss, a copy of the value out.
 *
 * <p>Built for speed: a {@code get} of an eternal entry in a cache without statistics, access expiry or
 * read-through is a store lookup plus a copy of the value (none for immutable JDK types or by reference), with
 * no lock and no allocation of its own. Every feature flag is fixed when the cache is created, except
 * statistics, which are one volatile read.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Reads<K, V> {

    private final Store<K, V> store;
    private final ExpiryDecision expiry;
    private final boolean accessExpiry;
    private final ByValue byValue;
    private final StatisticsRecorder statistics;
    private final ReadThrough<K, V> readThrough;

    /**
     * Keeps the parts of {@code context} it reads in fields of its own: the read path is the hot one.
     *
     * @param readThrough loads a missing entry; {@code null} when the cache is not read-through
     */
    public Reads(CacheContext<K, V> context, ReadThrough<K, V> readThrough) {
        this.store = context.store();
        this.expiry = context.expiry();
        this.accessExpiry = expiry.accessMatters();
        this.byValue = context.byValue();
        this.statistics = context.statistics();
        this.readThrough = readThrough;
    }

    public V get(K key) {
        if (statistics.isEnabled()) {
            return getWithStatistics(key);
        }
        StoreEntry<V> entry = store.get(key);
        V value;
        if (entry != null) {
            value = entry.value();
            if (accessExpiry) {
                touch(key, entry);
            }
        } else if (readThrough != null) {
            return readThrough.loadAndStore(key);
        } else {
            return null;
        }
        return byValue.copyOut(value);
    }

    private V getWithStatistics(K key) {
        long start = statistics.start();
        StoreEntry<V> entry = store.get(key);
        V value;
        if (entry != null) {
            statistics.recordHit();
            value = byValue.copyOut(entry.value());
            if (accessExpiry) {
                touch(key, entry);
            }
        } else {
            statistics.recordMiss();
            value = readThrough != null ? readThrough.loadAndStore(key) : null;
        }
        statistics.recordGetTime(start);
        return value;
    }

    public Map<K, V> getAll(Set<? extends K> keys) {
        long start = statistics.start();
        Map<K, StoreEntry<V>> found = store.getAll(keys);
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (K key : keys) {
            StoreEntry<V> entry = found.get(key);
            if (entry == null) {
                missing.add(key);
            } else {
                result.put(key, byValue.copyOut(entry.value()));
                if (accessExpiry) {
                    touch(key, entry);
                }
            }
        }
        statistics.recordLookups(result.size(), missing.size());
        if (readThrough != null && !missing.isEmpty()) {
            readThrough.loadAndStoreAll(missing, result);
        }
        statistics.recordGetTime(start);
        return result;
    }

    /** The value of {@code key} as an iterator hands it out, or {@code null}: a hit when present, never a miss. */
    public V iterate(K key) {
        StoreEntry<V> entry = store.get(key);
        if (entry == null) {
            return null;
        }
        statistics.recordHit();
        if (accessExpiry) {
            touch(key, entry);
        }
        return byValue.copyOut(entry.value());
    }

    /** Applies the access expiry of the policy to an entry just read, unless it changed meanwhile. */
    private void touch(K key, StoreEntry<V> entry) {
        StoreMutation<V> mutation = expiry.access(entry);
        if (mutation.kind() == StoreMutation.Kind.KEEP) {
            return;
        }
        store.compute(key, current -> sameEntry(current, entry) ? mutation : StoreMutation.keep());
    }

    /**
     * Whether the store still holds the entry that was read: the same instance for a local store; for a remote
     * store, which hands out fresh copies, the same expiry time and an equal value.
     */
    private static <V> boolean sameEntry(StoreEntry<V> current, StoreEntry<V> read) {
        return current == read || (current != null && current.expiresAtMillis() == read.expiresAtMillis()
                && current.value().equals(read.value()));
    }
}
