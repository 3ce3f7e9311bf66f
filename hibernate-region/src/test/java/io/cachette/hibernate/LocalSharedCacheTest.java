package io.cachette.hibernate;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * {@link SharedCacheTest} on the local store: the two factories are handed one CacheManager (their timestamps may
 * come from one JVM-wide clock, as on the local store they may; {@link MemcachedSharedCacheTest} covers separate
 * timestamp sources).
 */
class LocalSharedCacheTest extends SharedCacheTest {

    private final CacheManager shared;

    LocalSharedCacheTest() {
        CachingProvider provider = Caching.getCachingProvider(CachetteRegionFactory.PROVIDER_CLASS);
        shared = provider.getCacheManager(URI.create("cachette:shared-" + UUID.randomUUID()),
                provider.getDefaultClassLoader());
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
