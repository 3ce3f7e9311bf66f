package io.cachette.hibernate.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.hibernate.cache.CacheException;

/**
 * Finds or creates the JCache cache of each region in one CacheManager, following the missing-cache strategy,
 * and closes the manager at the end if the factory obtained it.
 *
 * <p>Caches are created store-by-reference where the provider allows it: Hibernate caches immutable
 * disassembled state and our read-write entries are immutable, so copying on every access buys nothing. A
 * provider or backend that cannot store by reference gets store-by-value.
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
    public synchronized Cache<Object, Object> getOrCreate(String qualifiedName) {
        Cache<Object, Object> cache = manager.getCache(qualifiedName);
        if (cache != null) {
            return cache;
        }
        switch (missingCacheStrategy) {
            case FAIL -> throw new CacheException("No cache named '" + qualifiedName + "' in CacheManager "
                    + manager.getURI() + " and " + RegionFactorySettings.MISSING_CACHE_STRATEGY + " is "
                    + MissingCacheStrategy.FAIL.externalName() + "; create it beforehand or choose "
                    + MissingCacheStrategy.CREATE.externalName());
            case CREATE_WARN -> LOG.log(Level.WARNING, () -> "Creating missing second-level cache '" + qualifiedName
                    + "' in CacheManager " + manager.getURI() + " (set " + RegionFactorySettings.MISSING_CACHE_STRATEGY
                    + "=" + MissingCacheStrategy.CREATE.externalName() + " to create caches silently)");
            case CREATE -> {
                // create below
            }
        }
        try {
            return create(qualifiedName);
        } catch (javax.cache.CacheException e) {
            // created meanwhile by another user of the same manager
            Cache<Object, Object> existing = manager.getCache(qualifiedName);
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    private Cache<Object, Object> create(String name) {
        MutableConfiguration<Object, Object> byReference = new MutableConfiguration<>().setStoreByValue(false);
        try {
            return manager.createCache(name, byReference);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, () -> "cache '" + name + "' cannot store by reference (" + e + "); storing by value");
            return manager.createCache(name, new MutableConfiguration<>());
        }
    }

    @Override
    public void close() {
        if (ownsManager && !manager.isClosed()) {
            manager.close();
        }
    }
}
