package io.cachette.micrometer;

import io.cachette.hibernate.CachetteRegionFactory;
import io.cachette.hibernate.RegionCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The meters of the second-level-cache regions of one {@link CachetteRegionFactory}, read from its
 * {@link CachetteRegionFactory#regionCounters()}, each tagged {@code region=<the region's cache name>}:
 * {@code cachette.hibernate.soft.locks} (placed by changes), {@code cachette.hibernate.soft.lock.contentions}
 * (placed on an entry another transaction held), {@code cachette.hibernate.puts.refused.by.lock} (loads and
 * inserts not cached because of a lock), {@code cachette.hibernate.cas.retries},
 * {@code cachette.hibernate.soft.locks.lost} (timed out or evicted before completion),
 * {@code cachette.hibernate.soft.locks.forced} and {@code cachette.hibernate.cache.failures} (absorbed by using the
 * database). The cache meters of the regions ({@code cache.gets} …) come from binding the factory's cache manager
 * with {@link CachetteCacheManagerMetrics}.
 *
 * <pre>{@code
 * CachetteHibernateMetrics.monitor(registry, sessionFactory, Tags.of("app", "shop"));
 * }</pre>
 * The regions are those the factory has when bound: a SessionFactory builds every region as it starts.
 */
public final class CachetteHibernateMetrics implements MeterBinder {

    private final CachetteRegionFactory regionFactory;
    private final Tags tags;

    /**
     * @param regionFactory the factory whose regions to meter
     * @param tags          tags added to every meter, besides {@code region}
     */
    public CachetteHibernateMetrics(CachetteRegionFactory regionFactory, Iterable<Tag> tags) {
        this.regionFactory = Objects.requireNonNull(regionFactory, "regionFactory");
        this.tags = Tags.of(tags);
    }

    /**
     * Binds the region meters of {@code sessionFactory}'s second-level cache to {@code registry}.
     *
     * @throws IllegalArgumentException when the SessionFactory's region factory is not Cachette's
     */
    public static void monitor(MeterRegistry registry, SessionFactory sessionFactory, Iterable<Tag> tags) {
        new CachetteHibernateMetrics(regionFactoryOf(sessionFactory), tags).bindTo(registry);
    }

    private static CachetteRegionFactory regionFactoryOf(SessionFactory sessionFactory) {
        RegionFactory regionFactory = sessionFactory.unwrap(SessionFactoryImplementor.class).getCache()
                .getRegionFactory();
        if (regionFactory instanceof CachetteRegionFactory cachette) {
            return cachette;
        }
        throw new IllegalArgumentException("The second-level cache of " + sessionFactory + " is not on Cachette ("
                + regionFactory.getClass().getName() + ")");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RegionCounters region : regionFactory.regionCounters()) {
            Tags regionTags = tags.and("region", region.region());
            counter(registry, region.region(), regionTags, "cachette.hibernate.soft.locks",
                    RegionCounters::softLocksPlaced, "Soft locks placed by transactions changing an entry");
            counter(registry, region.region(), regionTags, "cachette.hibernate.soft.lock.contentions",
                    RegionCounters::lockContentions,
                    "Soft locks placed on an entry another transaction held: concurrent changes of one row");
            counter(registry, region.region(), regionTags, "cachette.hibernate.puts.refused.by.lock",
                    RegionCounters::putsRefusedByLock, "Loads and inserts not cached because the entry was locked");
            counter(registry, region.region(), regionTags, "cachette.hibernate.cas.retries",
                    RegionCounters::casRetries,
                    "Compare-and-set writes that found the entry changed since it was read and were re-decided");
            counter(registry, region.region(), regionTags, "cachette.hibernate.soft.locks.lost",
                    RegionCounters::locksLost, "Completions that found their soft lock timed out or evicted");
            counter(registry, region.region(), regionTags, "cachette.hibernate.soft.locks.forced",
                    RegionCounters::locksForced, "Soft locks written over the entry after every compare-and-set lost");
            counter(registry, region.region(), regionTags, "cachette.hibernate.cache.failures",
                    RegionCounters::cacheFailures,
                    "Failures of the region's cache that Hibernate absorbed by using the database");
        }
    }

    private void counter(MeterRegistry registry, String region, Tags regionTags, String name,
                         ToLongFunction<RegionCounters> counter, String description) {
        FunctionCounter.builder(name, regionFactory, factory -> read(factory, region, counter))
                .tags(regionTags)
                .description(description)
                .register(registry);
    }

    /** One counter of {@code region}; 0 once the factory stopped. */
    private static double read(CachetteRegionFactory factory, String region, ToLongFunction<RegionCounters> counter) {
        for (RegionCounters counters : factory.regionCounters()) {
            if (counters.region().equals(region)) {
                return counter.applyAsLong(counters);
            }
        }
        return 0;
    }
}
