package io.cachette.hibernate.internal;

import java.io.Serial;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

import org.hibernate.cache.CacheException;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.configuration.CachetteConfiguration;

/**
 * Finds or creates the JCache cache of each region in one CacheManager, following the missing-cache strategy,
 * and closes the manager at the end if the factory obtained it.
 *
 * <p>Caches are created store-by-reference: Hibernate caches immutable disassembled state and the read-write
 * entries are immutable, so copying on every access buys nothing. A backend that copies values by itself
 * (memcached) stores by value anyway. Bounds and expiry come from the manager's {@code cachette.cache.<name>.*}
 * and {@code cachette.cache-default.*} settings, except for the update-timestamps cache; the region factory's
 * defaults for the store (the near tier) yield to the manager's {@code cachette.cache.<name>.*} settings.
 */
public final class RegionCaches implements AutoCloseable {

    private static final Logger LOG = System.getLogger(RegionCaches.class.getName());

    private final CacheManager manager;
    private final boolean ownsManager;
    private final MissingCacheStrategy missingCacheStrategy;

    /**
     * @param manager              where the caches live
     * @param ownsManager          whether {@link #close()} closes the manager
     * @param missingCacheStrategy what to do about a cache that does not exist
     */
    public RegionCaches(CacheManager manager, boolean ownsManager, MissingCacheStrategy missingCacheStrategy) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.ownsManager = ownsManager;
        this.missingCacheStrategy = Objects.requireNonNull(missingCacheStrategy, "missingCacheStrategy");
    }

    public CacheManager manager() {
        return manager;
    }

    /**
     * The cache named {@code qualifiedName}, created if missing and the strategy allows it.
     *
     * @throws CacheException if the cache is missing and the strategy is {@link MissingCacheStrategy#FAIL}
     */
    public Cache<Object, Object> getOrCreate(String qualifiedName, Map<String, String> storeDefaults) {
        return getOrCreate(qualifiedName, false, storeDefaults);
    }

    /**
     * The update-timestamps cache named {@code qualifiedName}; if it is created here it is unbounded and its
     * entries never expire, whatever the manager's defaults say: a timestamp evicted or expired makes every
     * dependent query result stale (see {@link TimestampsStorage}), so bounding it would only cost query-cache
     * hits. A cache that already exists is used as it is.
     *
     * @throws CacheException if the cache is missing and the strategy is {@link MissingCacheStrategy#FAIL}
     */
    public Cache<Object, Object> getOrCreateTimestamps(String qualifiedName, Map<String, String> storeDefaults) {
        return getOrCreate(qualifiedName, true, storeDefaults);
    }

    /**
     * The update-timestamps cache, created as by {@link #getOrCreateTimestamps} unless the strategy is
     * {@link MissingCacheStrategy#FAIL}, in which case a missing cache gives {@code null}.
     */
    public synchronized Cache<Object, Object> timestampsIfAvailable(String qualifiedName,
            Map<String, String> storeDefaults) {
        if (missingCacheStrategy == MissingCacheStrategy.FAIL) {
            return manager.getCache(qualifiedName);
        }
        return getOrCreate(qualifiedName, true, storeDefaults);
    }

    private synchronized Cache<Object, Object> getOrCreate(String qualifiedName, boolean timestamps,
            Map<String, String> storeDefaults) {
        if (!isCreated(qualifiedName) && missingCacheStrategy != MissingCacheStrategy.FAIL) {
            // a cache the manager's settings only declare is created here too: it gets the region's configuration
            // and store defaults, and its declared settings still apply over them
            if (missingCacheStrategy == MissingCacheStrategy.CREATE_WARN && !isDeclared(qualifiedName)) {
                LOG.log(Level.WARNING, () -> "Creating missing second-level cache '" + qualifiedName
                        + "' in CacheManager " + manager.getURI() + " (set "
                        + RegionFactorySettings.MISSING_CACHE_STRATEGY + "="
                        + MissingCacheStrategy.CREATE.externalName() + " to create caches silently)");
            }
            CachetteConfiguration<Object, Object> configuration = timestamps ? timestampsConfiguration()
                    : regionConfiguration();
            storeDefaults.forEach(configuration::setStoreDefault);
            try {
                return manager.createCache(qualifiedName, configuration);
            } catch (javax.cache.CacheException e) {
                // created meanwhile by another user of the same manager
                Cache<Object, Object> existing = manager.getCache(qualifiedName);
                if (existing == null) {
                    throw e;
                }
                return existing;
            }
        }
        Cache<Object, Object> cache = manager.getCache(qualifiedName);
        if (cache == null) {
            throw new CacheException("No cache named '" + qualifiedName + "' in CacheManager "
                    + manager.getURI() + " and " + RegionFactorySettings.MISSING_CACHE_STRATEGY + " is "
                    + MissingCacheStrategy.FAIL.externalName() + "; create it beforehand or choose "
                    + MissingCacheStrategy.CREATE.externalName());
        }
        return cache;
    }

    private boolean isCreated(String name) {
        for (String created : manager.getCacheNames()) {
            if (created.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Cachette manager's settings declare the cache ({@code cachette.cache.<name>.*}). */
    private boolean isDeclared(String name) {
        try {
            return manager.unwrap(CachetteCacheManager.class).settings().declaredCaches().contains(name);
        } catch (IllegalArgumentException notCachette) {
            return false;
        }
    }

    private static CachetteConfiguration<Object, Object> regionConfiguration() {
        CachetteConfiguration<Object, Object> configuration = new CachetteConfiguration<>();
        configuration.setStoreByValue(false);
        return configuration;
    }

    private static CachetteConfiguration<Object, Object> timestampsConfiguration() {
        CachetteConfiguration<Object, Object> configuration = regionConfiguration()
                .setMaxEntries(Long.MAX_VALUE)
                .setMaxBytes(Long.MAX_VALUE);
        configuration.setExpiryPolicyFactory(FactoryBuilder.factoryOf(NeverExpires.class));
        return configuration;
    }

    /**
     * Eternal, but not {@link javax.cache.expiry.EternalExpiryPolicy}: a Cachette manager replaces that default
     * with its {@code cachette.cache-default.expiry-seconds}, which must not apply to timestamps.
     */
    public static final class NeverExpires implements ExpiryPolicy, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Duration getExpiryForCreation() {
            return Duration.ETERNAL;
        }

        @Override
        public Duration getExpiryForAccess() {
            return null;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return null;
        }
    }

    @Override
    public void close() {
        if (ownsManager && !manager.isClosed()) {
            manager.close();
        }
    }
}
