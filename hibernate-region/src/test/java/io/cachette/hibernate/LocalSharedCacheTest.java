package io.cachette.hibernate;

import java.util.Map;

import javax.cache.CacheManager;

import io.cachette.testing.LocalCacheManagers;

/**
 * {@link SharedCacheTest} on the local store: the two factories are handed one CacheManager (their timestamps may
 * come from one JVM-wide clock, as on the local store they may; {@link MemcachedSharedCacheTest} covers separate
 * timestamp sources).
 */
class LocalSharedCacheTest extends SharedCacheTest {

    private final CacheManager shared;

    LocalSharedCacheTest() {
        shared = LocalCacheManagers.fresh("shared");
    }

    @Override
    void shareCache(Map<String, Object> settings, int index) {
        settings.put(CachetteRegionFactory.CACHE_MANAGER, shared);
    }

    @Override
    void releaseCache() {
        shared.close();
    }
}
