package io.cachette.hibernate.internal;

import java.util.Comparator;

import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Read-write (and transactional) access to cached natural-id → id resolutions, on atomic cache operations.
 * Natural ids carry no version, so a released lock is refilled only by loads that began after the release.
 */
final class AtomicNaturalIdAccess extends AtomicReadWriteAccess implements NaturalIdDataAccess {

    private final CacheKeysFactory keysFactory;

    AtomicNaturalIdAccess(DomainDataRegion region, CacheKeysFactory keysFactory, RegionCache cache,
            AccessType accessType) {
        super(region, cache, accessType);
        this.keysFactory = keysFactory;
    }

    @Override
    Comparator<Object> versionComparator() {
        return null;
    }

    @Override
    public Object generateCacheKey(Object naturalIdValues, EntityPersister rootEntityDescriptor,
            SharedSessionContractImplementor session) {
        return keysFactory.createNaturalIdKey(naturalIdValues, rootEntityDescriptor, session);
    }

    @Override
    public Object getNaturalIdValues(Object cacheKey) {
        return keysFactory.getNaturalIdValues(cacheKey);
    }

    @Override
    public boolean insert(SharedSessionContractImplementor session, Object key, Object value) {
        return false;
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
        return completeInsert(session, key, value, null);
    }

    @Override
    public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
        return false;
    }

    @Override
    public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value, SoftLock lock) {
        return completeUpdate(key, value, null, lock);
    }
}
