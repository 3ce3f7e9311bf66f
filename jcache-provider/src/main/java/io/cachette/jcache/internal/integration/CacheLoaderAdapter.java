package io.cachette.jcache.internal.integration;

import java.util.Collection;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A cache's {@link CacheLoader}, with the spec's error contract: whatever the loader throws reaches the caller
 * as a {@link CacheLoaderException}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheLoaderAdapter<K, V> {

    private final String cacheName;
    private final CacheLoader<K, V> loader;

    public CacheLoaderAdapter(String cacheName, CacheLoader<K, V> loader) {
        this.cacheName = cacheName;
        this.loader = loader;
    }

    /** The loaded value of {@code key}, or {@code null}. */
    V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("Cache loader of cache " + cacheName + " failed to load " + key, e);
        }
    }

    /** The loaded values of {@code keys} (never {@code null}; may hold {@code null} keys or values). */
    Map<K, V> loadAll(Collection<? extends K> keys) {
        try {
            Map<K, V> loaded = loader.loadAll(keys);
            return loaded == null ? Map.of() : loaded;
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("Cache loader of cache " + cacheName + " failed to load " + keys, e);
        }
    }

    /** The loader itself, to close it. */
    public CacheLoader<K, V> loader() {
        return loader;
    }
}
