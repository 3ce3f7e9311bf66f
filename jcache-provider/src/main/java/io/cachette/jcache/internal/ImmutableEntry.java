package io.cachette.jcache.internal;

import javax.cache.Cache;

/**
 * An immutable key and value: the entries the cache's iterator hands out and a {@code CacheWriter} is given. The
 * components are named after {@link Cache.Entry}'s accessors, which they implement.
 *
 * @param <K> key type
 * @param <V> value type
 */
public record ImmutableEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrap.self(this, clazz, "a cache entry");
    }

    @Override
    public String toString() {
        return getKey + "=" + getValue;
    }
}
