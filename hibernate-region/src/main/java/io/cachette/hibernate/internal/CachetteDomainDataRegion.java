package io.cachette.hibernate.internal;

import java.util.ArrayList;
import java.util.List;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.DomainDataRegionTemplate;

/**
 * A region holding entities, collections and natural ids, backed by one {@link RegionCache}.
 *
 * <p>{@link AccessType#READ_ONLY} and {@link AccessType#NONSTRICT_READ_WRITE} use Hibernate's own strategies:
 * they only get, put and remove, which is what those access types promise (a nonstrict entity insert also drops
 * a stale entry of its id, {@link NonStrictEntityAccess}). {@link AccessType#READ_WRITE} uses
 * the atomic strategies ({@link AtomicReadWriteAccess}) so that it stays correct when JVMs share the cache.
 *
 * <p>{@link AccessType#TRANSACTIONAL} without JTA: Cachette caches do not enlist in transactions, so
 * TRANSACTIONAL runs the same soft-lock protocol as READ_WRITE. What it guarantees: uncommitted data is never
 * put in the cache; a rolled-back transaction leaves no value of its own in the cache (its soft lock is released
 * and the entry refills from the database); while a transaction is changing a row, other transactions read that
 * row from the database. What it does not give: the cache update is not part of the database commit (no XA,
 * no recovery) — between the commit and the transaction's completion callback readers miss the cache rather
 * than see the new value, and a JVM that dies in that window leaves a soft lock that expires after the lock
 * timeout.
 */
public final class CachetteDomainDataRegion extends DomainDataRegionTemplate {

    private final DomainDataRegionConfig config;

    public CachetteDomainDataRegion(DomainDataRegionConfig regionConfig, RegionFactory regionFactory,
            RegionCache cache, CacheKeysFactory defaultKeysFactory, DomainDataRegionBuildingContext buildingContext) {
        super(regionConfig, regionFactory, cache, defaultKeysFactory, buildingContext);
        this.config = regionConfig;
    }

    /** The counters of this region's read-write (and transactional) accesses. */
    List<SoftLockCounts> softLockCounts() {
        List<Object> accesses = new ArrayList<>();
        config.getEntityCaching().forEach(c -> accesses.add(getEntityDataAccess(c.getNavigableRole())));
        config.getNaturalIdCaching().forEach(c -> accesses.add(getNaturalIdDataAccess(c.getNavigableRole())));
        config.getCollectionCaching().forEach(c -> accesses.add(getCollectionDataAccess(c.getNavigableRole())));
        List<SoftLockCounts> counts = new ArrayList<>();
        for (Object access : accesses) {
            if (access instanceof AtomicReadWriteAccess atomic) {
                counts.add(atomic.counts());
            }
        }
        return counts;
    }

    // The template's constructor builds the accesses before any field of this class is set: everything they
    // need comes from the template (storage access, keys factory, region factory).
    private RegionCache cache() {
        return (RegionCache) getCacheStorageAccess();
    }

    @Override
    protected EntityDataAccess generateReadWriteEntityAccess(EntityDataCachingConfig config) {
        return new AtomicEntityAccess(this, getEffectiveKeysFactory(), cache(), config, AccessType.READ_WRITE);
    }

    /** Hibernate's strategy, but an insert drops a stale entry of its id (see {@link NonStrictEntityAccess}). */
    @Override
    protected EntityDataAccess generateNonStrictReadWriteEntityAccess(EntityDataCachingConfig config) {
        return new NonStrictEntityAccess(this, getEffectiveKeysFactory(), cache(), config);
    }

    @Override
    protected EntityDataAccess generateTransactionalEntityDataAccess(EntityDataCachingConfig config) {
        return new AtomicEntityAccess(this, getEffectiveKeysFactory(), cache(), config, AccessType.TRANSACTIONAL);
    }

    @Override
    protected NaturalIdDataAccess generateReadWriteNaturalIdAccess(NaturalIdDataCachingConfig config) {
        return new AtomicNaturalIdAccess(this, getEffectiveKeysFactory(), cache(), AccessType.READ_WRITE);
    }

    @Override
    protected NaturalIdDataAccess generateTransactionalNaturalIdDataAccess(NaturalIdDataCachingConfig config) {
        return new AtomicNaturalIdAccess(this, getEffectiveKeysFactory(), cache(), AccessType.TRANSACTIONAL);
    }

    @Override
    public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
        AccessType accessType = config.getAccessType();
        return switch (accessType) {
            case READ_WRITE, TRANSACTIONAL ->
                    new AtomicCollectionAccess(this, getEffectiveKeysFactory(), cache(), config, accessType);
            case READ_ONLY, NONSTRICT_READ_WRITE -> super.generateCollectionAccess(config);
        };
    }
}
