package io.cachette.hibernate;

import java.util.Map;

import javax.cache.CacheManager;

import io.cachette.testing.LocalCacheManagers;

/**
 * {@link DegradationTest} with a local-store CacheManager behind {@link InterceptedCaches}: while the cache is
 * down, every data operation of every cache throws.
 */
class LocalDegradationTest extends DegradationTest {

    private final CacheManager realManager;
    private final InterceptedCaches caches;

    LocalDegradationTest() {
        realManager = LocalCacheManagers.fresh("degradation");
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
