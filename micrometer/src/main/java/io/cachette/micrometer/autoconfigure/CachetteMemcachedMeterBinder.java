package io.cachette.micrometer.autoconfigure;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.memcached.MemcachedClient;
import io.cachette.micrometer.MemcachedMetrics;
import io.cachette.micrometer.internal.BoundResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Binds {@link MemcachedMetrics} for the servers of every Cachette memcached cache manager of the application,
 * once per client, including a manager whose first memcached cache is created after the registry was set up
 * (through {@link CachetteCacheManager#onCacheCreated}). Closed with the application context.
 */
final class CachetteMemcachedMeterBinder implements MeterBinder, AutoCloseable {

    private final ObjectProvider<CacheManager> cacheManagers;
    private final Duration statsInterval;
    private final BoundResources resources = new BoundResources();

    CachetteMemcachedMeterBinder(ObjectProvider<CacheManager> cacheManagers, Duration statsInterval) {
        this.cacheManagers = cacheManagers;
        this.statsInterval = statsInterval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (CachetteCacheManager manager : CachetteManagers.of(cacheManagers)) {
            if (!resources.openIfNotClosed(() -> manager.onCacheCreated(cache -> bind(registry, cache)))) {
                return;
            }
            for (MemcachedClient client : CachetteManagers.clients(List.of(manager))) {
                bind(registry, client);
            }
        }
    }

    private void bind(MeterRegistry registry, Cache<?, ?> cache) {
        CachetteManagers.client(cache).ifPresent(client -> bind(registry, client));
    }

    private void bind(MeterRegistry registry, MemcachedClient client) {
        MemcachedMetrics metrics = new MemcachedMetrics(client, Tags.empty(), statsInterval);
        if (resources.addClient(registry, client, metrics)) {
            metrics.bindTo(registry);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : resources.close()) {
            resource.close();
        }
    }
}
