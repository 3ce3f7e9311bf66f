package io.cachette.jcache.internal.iteration;

import javax.cache.Cache;

/** An immutable key and value: what the cache's iterator hands out. */
final class CachetteCacheEntry<K, V> implements Cache.Entry<K, V> {

    private final K key;
    private final V value;

    CachetteCacheEntry(K key, V value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
