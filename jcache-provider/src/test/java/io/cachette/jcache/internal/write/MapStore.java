package io.cachette.jcache.internal.write;

import io.cachette.store.Store;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store over a concurrent map, for testing the cache layer against a store whose behaviour a test controls:
 * subclasses log the calls or make compute retry as a remote store does.
 */
class MapStore<K, V> implements Store<K, V> {

    final Map<K, StoreEntry<V>> map = new ConcurrentHashMap<>();

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.LOCAL;
    }

    @Override
    public StoreEntry<V> get(K key) {
        return map.get(key);
    }

    @Override
    public Map<K, StoreEntry<V>> getAll(Collection<? extends K> keys) {
        Map<K, StoreEntry<V>> found = new HashMap<>();
        keys.forEach(key -> {
            StoreEntry<V> entry = map.get(key);
            if (entry != null) {
                found.put(key, entry);
            }
        });
        return found;
    }

    @Override
    public void put(K key, V value, long expiresAtMillis) {
        map.put(key, entry(value, expiresAtMillis));
    }

    @Override
    public boolean remove(K key) {
        return map.remove(key) != null;
    }

    @Override
    public synchronized StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
        StoreMutation<V> applied = mutation.apply(map.get(key));
        switch (applied.kind()) {
            case WRITE -> map.put(key, entry(applied.value(), applied.expiresAtMillis()));
            case REMOVE -> map.remove(key);
            default -> { }
        }
        return applied;
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Iterator<K> keys() {
        return List.copyOf(map.keySet()).iterator();
    }

    @Override
    public void close() {
    }

    private static <V> StoreEntry<V> entry(V value, long expiresAtMillis) {
        return new StoreEntry<>() {
            @Override
            public V value() {
                return value;
            }

            @Override
            public long expiresAtMillis() {
                return expiresAtMillis;
            }
        };
    }
}
