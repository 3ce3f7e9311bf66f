package io.cachette.micrometer.autoconfigure;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.store.MemcachedStore;
import org.springframework.beans.factory.ObjectProvider;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Finds the Cachette cache managers among the application's JCache {@link CacheManager} beans, and the memcached
 * clients behind their caches. Loaded only with the memcached backend present.
 */
final class CachetteManagers {

    private CachetteManagers() {
    }

    /** The open Cachette managers among {@code cacheManagers}. */
    static List<CachetteCacheManager> of(ObjectProvider<CacheManager> cacheManagers) {
        List<CachetteCacheManager> managers = new ArrayList<>();
        cacheManagers.orderedStream().forEach(manager -> {
            if (!manager.isClosed()) {
                try {
                    managers.add(manager.unwrap(CachetteCacheManager.class));
                } catch (IllegalArgumentException e) {
                    // another provider's manager
                }
            }
        });
        return managers;
    }

    /** The memcached clients behind the caches of {@code managers}, each once. */
    static List<MemcachedClient> clients(List<CachetteCacheManager> managers) {
        Map<MemcachedClient, Boolean> clients = new IdentityHashMap<>();
        for (CachetteCacheManager manager : managers) {
            for (String name : manager.getCacheNames()) {
                Cache<Object, Object> cache = manager.getCache(name);
                if (cache != null) {
                    client(cache).ifPresent(client -> clients.put(client, Boolean.TRUE));
                }
            }
        }
        return List.copyOf(clients.keySet());
    }

    /** The memcached client behind {@code cache}; empty for a cache on another store. */
    static Optional<MemcachedClient> client(Cache<?, ?> cache) {
        try {
            MemcachedStore<?, ?> store = cache.unwrap(MemcachedStore.class);
            return Optional.of(store.client());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
