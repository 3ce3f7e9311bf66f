package io.cachette.hibernate;

import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cfg.CacheSettings;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.cache.spi.support.RegionNameQualifier;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import io.cachette.hibernate.internal.CacheTimestamper;
import io.cachette.hibernate.internal.CachetteDomainDataRegion;
import io.cachette.hibernate.internal.CachetteTransactionSynchronization;
import io.cachette.jcache.CachetteCachingProvider;
import io.cachette.hibernate.internal.ClockTimestamper;
import io.cachette.hibernate.internal.FailureLog;
import io.cachette.hibernate.internal.MissingTimestampPolicy;
import io.cachette.hibernate.internal.RegionCache;
import io.cachette.hibernate.internal.RegionCaches;
import io.cachette.hibernate.internal.RegionCounterRegistry;
import io.cachette.hibernate.internal.RegionFactorySettings;
import io.cachette.hibernate.internal.Timestamper;
import io.cachette.hibernate.internal.TimestampsStorage;
import io.cachette.store.ConsistentReads;

/**
 * Hibernate ORM second-level cache on Cachette: every region (entity, collection, natural id, query results,
 * update timestamps) is a cache of one Cachette {@link CacheManager}.
 *
 * <p>Turn it on with {@code hibernate.cache.region.factory_class=cachette}. Settings, all optional:
 * <ul>
 *   <li>{@value #URI} — the CacheManager URI; default the provider's default URI (the local store). A
 *       {@code classpath:} or {@code file:} URI names a Cachette properties file.</li>
 *   <li>{@value #PROPERTIES_FILE} — a properties file (path, or classpath resource) of {@code cachette.*}
 *       settings handed to the CacheManager.</li>
 *   <li>{@value #REGION_PREFIX}{@code <region>.<setting>} — a per-region cache setting, e.g.
 *       {@code hibernate.cache.cachette.region.com.example.Book.max-entries=10000}; {@code <region>} is the
 *       region name without {@code hibernate.cache.region_prefix}, which is applied to form the cache name.</li>
 *   <li>{@value #MISSING_CACHE_STRATEGY} — {@code create} (default), {@code create-warn} or {@code fail}.</li>
 *   <li>{@value #MISSING_TIMESTAMP} — how a table space without an update timestamp reads: {@code floor}
 *       (as changed when the timestamps region was first used or cleared — exact on the local store, its
 *       default) or {@code now} (as changed just now — for stores that can lose single entries, such as a
 *       memcached node that restarted: the default on memcached).</li>
 *   <li>{@value #CACHE_MANAGER} — a {@link CacheManager} instance to use instead (it is not closed at the
 *       end).</li>
 *   <li>{@value #LOCK_TIMEOUT_MS} — how long a soft lock protects an entry (default 60000).</li>
 *   <li>{@value #FAILURE_LOG_INTERVAL_MS} — while the cache fails, at most one warning per this interval
 *       (default 60000).</li>
 *   <li>{@value #NEAR_CACHE_MAX_ENTRIES} — on a store other JVMs share (memcached), each region cache the factory
 *       creates gets a near tier of this many entries (default 10000; {@code 0}: none): strict for read-write and
 *       transactional regions and the update timestamps, bounded for the others. A region's own
 *       {@code near-cache.*} settings win.</li>
 * </ul>
 *
 * <p>Access types: READ_ONLY and NONSTRICT_READ_WRITE as Hibernate defines them; READ_WRITE with soft locks
 * placed, checked and released by atomic cache operations only, so it stays correct when JVMs share the cache;
 * TRANSACTIONAL runs the READ_WRITE protocol (see {@link CachetteDomainDataRegion} for its exact guarantees
 * without JTA). A missing update-timestamps entry makes dependent query results stale, never fresh. Any failure
 * of the cache is logged (rate-limited) and treated as a miss or a skipped write: Hibernate keeps working
 * against the database and caches again as soon as the cache answers.
 *
 * <p>Timestamps — of changes ({@link #nextTimestamp()}) and of session and transaction starts
 * ({@link #createTransactionContext}) — must be comparable between every SessionFactory that shares the cache. On the local store those all run in this JVM, so they come from the JVM's
 * clock through one JVM-wide counter, as Hibernate's own factories do ({@link ClockTimestamper#jvmWide()}): no
 * cache operation per session. On a store other JVMs share (memcached), and on another provider's cache, which
 * may be distributed, they come from a counter kept in the update-timestamps cache and advanced atomically
 * ({@link CacheTimestamper}), so factories in different JVMs draw from one increasing sequence and clock skew
 * between them cannot make a stale load look newer than a change. Only changes advance that counter; a session
 * start reads it (one cache read per session, no write), see {@link CacheTimestamper} for the trade-off.
 *
 * <p>The factory closes the CacheManager it obtained when the SessionFactory closes. SessionFactories in one JVM
 * that should share caches pass one manager through {@value #CACHE_MANAGER}; otherwise give each its own URI.
 */
public final class CachetteRegionFactory extends RegionFactoryTemplate {

    /** The short name for {@code hibernate.cache.region.factory_class}. */
    public static final String SHORT_NAME = "cachette";
    /** The Cachette JCache provider class the factory obtains its CacheManager from. */
    public static final String PROVIDER_CLASS = CachetteCachingProvider.class.getName();

    /** Setting: the CacheManager URI. */
    public static final String URI = RegionFactorySettings.URI;
    /** Setting: a properties file of {@code cachette.*} settings. */
    public static final String PROPERTIES_FILE = RegionFactorySettings.PROPERTIES_FILE;
    /** Setting prefix: {@code <prefix><region>.<setting>} configures one region's cache. */
    public static final String REGION_PREFIX = RegionFactorySettings.REGION_PREFIX;
    /** Setting: {@code create}, {@code create-warn} or {@code fail}. */
    public static final String MISSING_CACHE_STRATEGY = RegionFactorySettings.MISSING_CACHE_STRATEGY;
    /** Setting: {@code floor} or {@code now} (default: by store), how a table space without a timestamp reads. */
    public static final String MISSING_TIMESTAMP = RegionFactorySettings.MISSING_TIMESTAMP;
    /** Setting: a {@link CacheManager} instance to use. */
    public static final String CACHE_MANAGER = RegionFactorySettings.CACHE_MANAGER;
    /** Setting: the soft-lock timeout in milliseconds. */
    public static final String LOCK_TIMEOUT_MS = RegionFactorySettings.LOCK_TIMEOUT_MS;
    /** Setting: the interval between cache-failure warnings in milliseconds. */
    public static final String FAILURE_LOG_INTERVAL_MS = RegionFactorySettings.FAILURE_LOG_INTERVAL_MS;
    /** Setting: near entries per region cache on a shared store (default 10000; 0: no near tier). */
    public static final String NEAR_CACHE_MAX_ENTRIES = RegionFactorySettings.NEAR_CACHE_MAX_ENTRIES;

    private static final Logger LOG = System.getLogger(CachetteRegionFactory.class.getName());

    private final Clock clock = Clock.systemUTC();
    private final ClockTimestamper localClock = ClockTimestamper.jvmWide();
    private volatile Running running;

    /**
     * What exists between start and stop.
     *
     * @param timestamps  the update-timestamps cache, or {@code null} if it does not exist and may not be created
     * @param timestamper where timestamps come from: the counter in the update-timestamps cache, shared by every
     *                    factory that shares the cache; or this JVM's clock if the cache is on the local store
     *                    (every factory that can share it is in this JVM) or there is no such cache
     */
    private record Running(RegionFactorySettings settings, RegionCaches caches, FailureLog failures,
            RegionCache timestamps, Timestamper timestamper, ConsistentReads reads, boolean referenceEntries,
            AtomicBoolean referenceEntriesWarned, RegionCounterRegistry counters) {
    }

    /** Used by Hibernate. */
    public CachetteRegionFactory() {
    }

    @Override
    protected boolean isStarted() {
        return super.isStarted() && running != null;
    }

    @Override
    protected void prepareForUse(SessionFactoryOptions options, Map<String, Object> configValues) {
        ClassLoaderService classLoaders = options.getServiceRegistry().getService(ClassLoaderService.class);
        RegionFactorySettings settings;
        try {
            settings = RegionFactorySettings.parse(configValues,
                    region -> RegionNameQualifier.INSTANCE.qualify(region, options), classLoaders::locateResource);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CacheException("Invalid Cachette second-level cache settings: " + e.getMessage(), e);
        }
        CacheManager manager = settings.cacheManager();
        boolean ownsManager = manager == null;
        if (ownsManager) {
            CachingProvider provider = Caching.getCachingProvider(PROVIDER_CLASS);
            URI uri = settings.uri() != null ? settings.uri() : provider.getDefaultURI();
            manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(), settings.managerProperties());
        }
        RegionCaches caches = new RegionCaches(manager, ownsManager, settings.missingCacheStrategy());
        FailureLog failures = new FailureLog(LOG, clock, settings.failureLogInterval());
        String timestampsName = RegionNameQualifier.INSTANCE.qualify(DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME,
                options);
        javax.cache.Cache<Object, Object> timestampsCache = caches.timestampsIfAvailable(timestampsName,
                nearDefaults(settings, true));
        RegionCache timestamps = timestampsCache == null ? null : new RegionCache(timestampsCache, failures);
        Timestamper timestamper = timestamps == null || timestamps.isJvmLocal()
                ? localClock
                : new CacheTimestamper(timestamps, localClock);
        running = new Running(settings, caches, failures, timestamps, timestamper, consistentReads(manager),
                options.isDirectReferenceCacheEntriesEnabled(), new AtomicBoolean(), new RegionCounterRegistry(failures));
    }

    @Override
    protected void releaseFromUse() {
        Running current = running;
        running = null;
        if (current != null) {
            current.caches().close();
        }
    }

    @Override
    public long nextTimestamp() {
        Running current = running;
        return current != null ? current.timestamper().next() : localClock.next();
    }

    /** Sessions take their start timestamps without advancing a shared counter, see {@link Timestamper}. */
    @Override
    public CacheTransactionSynchronization createTransactionContext(SharedSessionContractImplementor session) {
        Running current = running;
        return current != null ? new CachetteTransactionSynchronization(current.timestamper(), current.reads())
                : new CachetteTransactionSynchronization(localClock, ConsistentReads.NONE);
    }

    @Override
    public long getTimeout() {
        Running current = running;
        long millis = current != null ? current.settings().lockTimeout().toMillis()
                : RegionFactorySettings.DEFAULT_LOCK_TIMEOUT.toMillis();
        return millis * Timestamper.ONE_MS;
    }

    @Override
    public DomainDataRegion buildDomainDataRegion(DomainDataRegionConfig regionConfig,
            DomainDataRegionBuildingContext buildingContext) {
        verifyStarted();
        RegionCache cache = regionCache(regionConfig.getRegionName(), buildingContext.getSessionFactory(),
                nearDefaults(started().settings(), needsStrictReads(regionConfig)));
        warnIfReferenceEntriesAreCopied(cache);
        return started().counters().add(new CachetteDomainDataRegion(regionConfig, this, cache,
                getImplicitCacheKeysFactory(), buildingContext));
    }

    /**
     * Reference entries keep the entity instance itself in the cache; a store that copies values cannot, so
     * there they are stored as standard entries ({@link RegionCache#storable}). Said once per factory.
     */
    private void warnIfReferenceEntriesAreCopied(RegionCache cache) {
        Running current = started();
        if (current.referenceEntries() && cache.copiesValues()
                && current.referenceEntriesWarned().compareAndSet(false, true)) {
            LOG.log(Level.WARNING, () -> CacheSettings.USE_DIRECT_REFERENCE_CACHE_ENTRIES + "=true, but the"
                    + " second-level caches of " + current.caches().manager().getURI() + " store values serialized:"
                    + " immutable entities are cached as standard (disassembled) entries, and every read from the"
                    + " cache builds a new instance instead of returning the cached one");
        }
    }

    @Override
    protected StorageAccess createQueryResultsRegionStorageAccess(String regionName,
            SessionFactoryImplementor sessionFactory) {
        // bounded: a stale result is still checked against the update timestamps, which are strict
        RegionCache cache = regionCache(regionName, sessionFactory, nearDefaults(started().settings(), false));
        started().counters().add(cache.name());
        return cache;
    }

    @Override
    protected StorageAccess createTimestampsRegionStorageAccess(String regionName,
            SessionFactoryImplementor sessionFactory) {
        Running current = started();
        String qualified = RegionNameQualifier.INSTANCE.qualify(regionName, sessionFactory.getSessionFactoryOptions());
        RegionCache cache = current.timestamps() != null && current.timestamps().name().equals(qualified)
                ? current.timestamps()
                : new RegionCache(current.caches().getOrCreateTimestamps(qualified, nearDefaults(current.settings(),
                        true)), current.failures());
        MissingTimestampPolicy missingTimestamp = current.settings().missingTimestamp() != null
                ? current.settings().missingTimestamp()
                : MissingTimestampPolicy.defaultFor(cache.isSharedAcrossJvms());
        current.counters().add(qualified);
        return new TimestampsStorage(cache, current.timestamper(), missingTimestamp);
    }

    private RegionCache regionCache(String regionName, SessionFactoryImplementor sessionFactory,
            Map<String, String> storeDefaults) {
        Running current = started();
        String qualified = RegionNameQualifier.INSTANCE.qualify(regionName, sessionFactory.getSessionFactoryOptions());
        RegionCache cache = new RegionCache(current.caches().getOrCreate(qualified, storeDefaults),
                current.failures());
        cache.resolveTypesWith(sessionFactory.getTypeConfiguration());
        return cache;
    }

    /**
     * The near tier a region cache gets unless its own settings say otherwise: strict where Hibernate's read-write
     * protocol needs every read current as of the transaction's start (read-write and transactional regions, the
     * update timestamps), bounded elsewhere (read-only, nonstrict-read-write, query results). Stores that other
     * JVMs do not share ignore it.
     */
    private static Map<String, String> nearDefaults(RegionFactorySettings settings, boolean strict) {
        if (settings.nearCacheMaxEntries() == 0) {
            return Map.of();
        }
        return Map.of("near-cache.max-entries", Long.toString(settings.nearCacheMaxEntries()),
                "near-cache.mode", strict ? "strict" : "bounded");
    }

    private static boolean needsStrictReads(DomainDataRegionConfig config) {
        return java.util.stream.Stream.of(config.getEntityCaching(), config.getCollectionCaching(),
                        config.getNaturalIdCaching())
                .flatMap(List::stream)
                .map(DomainDataCachingConfig::getAccessType)
                .anyMatch(type -> type == AccessType.READ_WRITE || type == AccessType.TRANSACTIONAL);
    }

    /** The manager's shared freshness check of its near tiers; none for another provider's manager. */
    private static ConsistentReads consistentReads(CacheManager manager) {
        try {
            return manager.unwrap(ConsistentReads.class);
        } catch (IllegalArgumentException notCachette) {
            return ConsistentReads.NONE;
        }
    }

    /**
     * What each region counted since the factory started (soft locks, their contention, absorbed cache failures;
     * see {@link RegionCounters}), in name order; empty while the factory is stopped.
     */
    public List<RegionCounters> regionCounters() {
        Running current = running;
        return current == null ? List.of() : current.counters().snapshot();
    }

    private Running started() {
        Running current = running;
        if (current == null) {
            throw new CacheException("CachetteRegionFactory is not started");
        }
        return current;
    }

    @Override
    public String toString() {
        Running current = running;
        return "CachetteRegionFactory[" + (current == null ? "stopped" : current.caches().manager().getURI()) + "]";
    }
}
