package io.cachette.micrometer;

import io.cachette.jcache.CachetteCache;
import io.cachette.store.HerdCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import java.util.function.ToLongFunction;
import javax.cache.Cache;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The meters of one Cachette cache in Micrometer's cache naming: {@code cache.gets{result=hit|miss}},
 * {@code cache.puts}, {@code cache.evictions}, {@code cache.removals}, and {@code cache.size} where the store knows
 * it (the local store; not memcached). They read {@link CachetteCache#statistics()}, the counters the spec's
 * statistics MXBean shows, directly: no MBean server lookup, so they work under every cache manager URI (Micrometer's
 * {@code JCacheMetrics} builds an MBean name from the URI and refuses one with a comma, such as
 * {@code memcached://h1:11211,h2:11211}). The counters count only while the cache's statistics are enabled
 * ({@code MutableConfiguration.setStatisticsEnabled}, or the setting {@code cachette.cache.<name>.statistics=true});
 * binding a cache whose statistics are off logs a warning.
 *
 * <p>Herd control's meters read {@link CachetteCache#herdCounters()}, which count whether statistics are on or not:
 * {@code cache.herd.leases.won}, {@code cache.herd.waits}, {@code cache.herd.wait.timeouts},
 * {@code cache.herd.stale.served}.
 *
 * <p>A cache on memcached also gets its store's meters, tagged with the cache: {@code cachette.store.failed.reads},
 * {@code cachette.store.dropped.writes}, {@code cachette.store.deserialization.rejections} (refused by the
 * deserialization allow-list, foreign or corrupt), {@code cachette.store.signature.failures} (unsigned or tampered,
 * with a signing key), {@code cachette.store.cas.conflicts}.
 */
public final class CachetteMetrics extends CacheMeterBinder<CachetteCache<?, ?>> {

    private static final System.Logger LOG = System.getLogger(CachetteMetrics.class.getName());

    /**
     * Binds the meters of {@code cache} to {@code registry}.
     *
     * @param tags tags added to every meter, besides {@code cache=<name>}
     * @return {@code cache}, unchanged
     * @throws IllegalArgumentException when {@code cache} is not a Cachette cache
     */
    public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache, Iterable<Tag> tags) {
        new CachetteMetrics(cache, tags).bindTo(registry);
        return cache;
    }

    /** {@link #monitor(MeterRegistry, Cache, Iterable)} with tags as key-value pairs. */
    public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache, String... tags) {
        return monitor(registry, cache, Tags.of(tags));
    }

    /**
     * A binder of {@code cache}'s meters.
     *
     * @throws IllegalArgumentException when {@code cache} is not a Cachette cache
     */
    public CachetteMetrics(Cache<?, ?> cache, Iterable<Tag> tags) {
        super(cachette(cache), cache.getName(), tags);
    }

    /** Whether {@code cache} is a Cachette cache, which this binder can monitor. */
    public static boolean isCachette(Cache<?, ?> cache) {
        try {
            cache.unwrap(CachetteCache.class);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static CachetteCache<?, ?> cachette(Cache<?, ?> cache) {
        try {
            return cache.unwrap(CachetteCache.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cache " + cache.getName() + " is not a Cachette cache ("
                    + cache.getClass().getName() + ")", e);
        }
    }

    @Override
    protected Long size() {
        CachetteCache<?, ?> cache = getCache();
        if (cache == null) {
            return null;
        }
        long size = cache.estimatedSize();
        return size < 0 ? null : size;
    }

    @Override
    protected long hitCount() {
        return read(CacheStatisticsMXBean::getCacheHits);
    }

    @Override
    protected Long missCount() {
        return read(CacheStatisticsMXBean::getCacheMisses);
    }

    @Override
    protected Long evictionCount() {
        return read(CacheStatisticsMXBean::getCacheEvictions);
    }

    @Override
    protected long putCount() {
        return read(CacheStatisticsMXBean::getCachePuts);
    }

    @Override
    protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
        CachetteCache<?, ?> cache = getCache();
        if (cache == null) {
            return;
        }
        if (!cache.isStatisticsEnabled()) {
            LOG.log(System.Logger.Level.WARNING, "The statistics of cache " + cache.getName() + " are off, its"
                    + " cache.* meters other than cache.herd.* stay at 0: turn them on with cachette.cache."
                    + cache.getName() + ".statistics=true (or cachette.cache-default.statistics=true, or"
                    + " MutableConfiguration.setStatisticsEnabled(true))");
        }
        FunctionCounter.builder("cache.removals", cache, c -> c.statistics().getCacheRemovals())
                .tags(getTagsWithCacheName())
                .description("Cache removals")
                .register(registry);
        herdCounter(registry, cache, "cache.herd.leases.won", HerdCounters::leasesWon,
                "Loads of a missing key run as the one caller holding its lease");
        herdCounter(registry, cache, "cache.herd.waits", HerdCounters::waits,
                "Callers that waited for another caller's load of a missing key");
        herdCounter(registry, cache, "cache.herd.wait.timeouts", HerdCounters::waitTimeouts,
                "Waits for another caller's load that ran out, after which the caller loaded the key");
        herdCounter(registry, cache, "cache.herd.stale.served", HerdCounters::staleServed,
                "Reads answered with an expired value while one caller refreshed it");
        if (Memcached.PRESENT) {
            MemcachedStoreMeters.bind(cache, getTagsWithCacheName(), registry);
        }
    }

    private void herdCounter(MeterRegistry registry, CachetteCache<?, ?> cache, String name,
                             ToLongFunction<HerdCounters> counter, String description) {
        FunctionCounter.builder(name, cache, c -> counter.applyAsLong(c.herdCounters()))
                .tags(getTagsWithCacheName())
                .description(description)
                .register(registry);
    }

    private long read(ToLongFunction<CacheStatisticsMXBean> counter) {
        CachetteCache<?, ?> cache = getCache();
        return cache == null ? 0 : counter.applyAsLong(cache.statistics());
    }
}
