package io.cachette.hibernate.internal;

import java.util.Comparator;
import java.util.function.Supplier;

import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** Read-write (and transactional) access to cached entities, on atomic cache operations. */
final class AtomicEntityAccess extends AtomicReadWriteAccess implements EntityDataAccess {

    private final CacheKeysFactory keysFactory;
    private final Comparator<Object> versionComparator;

    AtomicEntityAccess(DomainDataRegion region, CacheKeysFactory keysFactory, RegionCache cache,
            EntityDataCachingConfig config, AccessType accessType) {
        super(region, cache, accessType);
        this.keysFactory = keysFactory;
        Supplier<Comparator<Object>> comparator = config.getVersionComparatorAccess();
        this.versionComparator = comparator == null ? null : comparator.get();
    }

    @Override
    Comparator<Object> versionComparator() {
        return versionComparator;
    }

    @Override
    public Object generateCacheKey(Object id, EntityPersister rootEntityDescriptor,
            SessionFactoryImplementor factory, String tenantIdentifier) {
        return keysFactory.createEntityKey(id, rootEntityDescriptor, factory, tenantIdentifier);
    }

    @Override
    public Object getCacheKeyId(Object cacheKey) {
        return keysFactory.getEntityId(cacheKey);
    }

    /** Nothing is cached before the transaction commits. */
    @Override
    public boolean insert(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return false;
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return completeInsert(session, key, value, version);
    }

    /** Nothing is cached before the transaction commits; the soft lock from {@code lockItem} hides the entry. */
    @Override
    public boolean update(SharedSessionContractImplementor session, Object key, Object value, Object currentVersion,
            Object previousVersion) {
        return false;
    }

    @Override
    public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
            Object currentVersion, Object previousVersion, SoftLock lock) {
        return completeUpdate(key, value, currentVersion, lock);
    }
}
