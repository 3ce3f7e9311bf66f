package io.cachette.micrometer.autoconfigure;

import io.cachette.micrometer.CachetteMetrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.JCacheCacheMeterBinderProvider;
import org.springframework.cache.jcache.JCacheCache;

/**
 * Spring Boot's JCache meter binder provider, with Cachette caches bound by {@link CachetteMetrics}. Spring Boot's
 * own binds with Micrometer's {@code JCacheMetrics}, which reads the statistics MXBean under a name it builds from
 * the cache manager URI and throws for a URI with a comma ({@code memcached://h1:11211,h2:11211}): that would stop
 * the application. Being a {@link JCacheCacheMeterBinderProvider}, this one replaces Spring Boot's (which is
 * created only when there is none), so other JCache providers' caches are still bound as before.
 */
final class CachetteCacheMeterBinderProvider extends JCacheCacheMeterBinderProvider {

    @Override
    public MeterBinder getMeterBinder(JCacheCache cache, Iterable<Tag> tags) {
        javax.cache.Cache<Object, Object> nativeCache = cache.getNativeCache();
        if (CachetteMetrics.isCachette(nativeCache)) {
            return new CachetteMetrics(nativeCache, tags);
        }
        return super.getMeterBinder(cache, tags);
    }
}
