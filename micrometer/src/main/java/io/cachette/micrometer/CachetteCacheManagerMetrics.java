package io.cachette.micrometer;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.micrometer.internal.BoundResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.search.Search;

import java.time.Duration;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The meters of every cache of one Cachette {@link CacheManager}: {@link CachetteMetrics} for each cache it has
 * when bound and for each it creates afterwards ({@link CachetteCacheManager#onCacheCreated}), and, for a
 * memcached manager, {@link MemcachedMetrics} of its servers once. Every meter is tagged
 * {@code cache.manager=<the manager's URI>} besides the given tags.
 *
 * <pre>{@code
 * CachetteCacheManagerMetrics metrics = new CachetteCacheManagerMetrics(manager, Tags.empty());
 * metrics.bindTo(registry);      // and metrics.close() when the manager closes
 * }</pre>
 * Bound to several registries, each registry gets every cache. A cache destroyed and created again under its name
 * gets fresh meters (the old ones are removed). {@link #close()} stops binding new caches and stops reading the
 * memcached servers' {@code stats}.
 */
public final class CachetteCacheManagerMetrics implements MeterBinder, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CachetteCacheManagerMetrics.class.getName());

    private final CachetteCacheManager manager;
    private final Tags tags;
    private final Duration statsInterval;
    private final BoundResources resources = new BoundResources();

    /** Binds {@code manager}'s caches, reading memcached {@code stats} every 15 seconds. */
    public CachetteCacheManagerMetrics(CacheManager manager, Iterable<Tag> tags) {
        this(manager, tags, MemcachedMetrics.DEFAULT_STATS_INTERVAL);
    }

    /**
     * @param manager       a Cachette cache manager
     * @param tags          tags added to every meter
     * @param statsInterval how often a memcached manager's servers' {@code stats} are read
     * @throws IllegalArgumentException when {@code manager} is not a Cachette cache manager
     */
    public CachetteCacheManagerMetrics(CacheManager manager, Iterable<Tag> tags, Duration statsInterval) {
        Objects.requireNonNull(manager, "manager");
        try {
            this.manager = manager.unwrap(CachetteCacheManager.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cache manager " + manager.getURI() + " is not a Cachette cache manager",
                    e);
        }
        this.tags = Tags.of(tags).and("cache.manager", manager.getURI().toString());
        this.statsInterval = Objects.requireNonNull(statsInterval, "statsInterval");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!resources.openIfNotClosed(() -> manager.onCacheCreated(cache -> bind(registry, cache)))) {
            throw new IllegalStateException("closed");
        }
        for (String name : manager.getCacheNames()) {
            Cache<Object, Object> cache = manager.getCache(name);
            if (cache != null) {
                bind(registry, cache);
            }
        }
    }

    private void bind(MeterRegistry registry, Cache<?, ?> cache) {
        try {
            // a cache destroyed and created again under its name: its old meters would keep reading the old one
            Search.in(registry).tags(tags).tag("cache", cache.getName()).meters().forEach(registry::remove);
            CachetteMetrics.monitor(registry, cache, tags);
            if (Memcached.PRESENT) {
                bindClient(registry, cache);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot bind the meters of cache " + cache.getName(), e);
        }
    }

    private void bindClient(MeterRegistry registry, Cache<?, ?> cache) {
        MemcachedMetrics.of(cache, tags, statsInterval).ifPresent(metrics -> {
            if (resources.addClient(registry, metrics.client(), metrics)) {
                metrics.bindTo(registry);
            }
        });
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources.close()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing a metrics resource failed", e);
            }
        }
    }
}
