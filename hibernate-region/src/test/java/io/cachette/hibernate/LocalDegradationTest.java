package io.cachette.hibernate;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * {@link DegradationTest} with a local-store CacheManager behind {@link InterceptedCaches}: while the cache is
 * down, every data operation of every cache throws.
 */
class LocalDegradationTest extends DegradationTest {

    private final CacheManager realManager;
    private final InterceptedCaches caches;

    LocalDegradationTest() {
        CachingProvider provider = Caching.getCachingProvider(CachetteRegionFactory.PROVIDER_CLASS);
        realManager = provider.getCacheManager(URI.create("cachette:degradation-" + UUID.randomUUID()),
                provider.getDefaultClassLoader());
        caches = new InterceptedCaches(realManager);
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.CACHE_MANAGER, caches.manager());
        return settings;
    }

    @Override
    void takeCacheDown() {
        caches.fail(true);
    }

    @Override
    void bringCacheBack() {
        caches.fail(false);
    }

    @Override
    long cacheFailures() {
        return caches.failures();
    }

    @Override
    void releaseCache() {
        realManager.close();
    }
}
