package io.cachette.hibernate.internal;

import java.util.Comparator;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.CollectionPersister;

/**
 * Read-write (and transactional) access to cached collections, on atomic cache operations. A changed collection
 * is never re-cached on completion, only invalidated; the next load fills it.
 */
final class AtomicCollectionAccess extends AtomicReadWriteAccess implements CollectionDataAccess {

    private final CacheKeysFactory keysFactory;
    private final Comparator<Object> versionComparator;

    AtomicCollectionAccess(DomainDataRegion region, CacheKeysFactory keysFactory, RegionCache cache,
            CollectionDataCachingConfig config, AccessType accessType) {
        super(region, cache, accessType);
        this.keysFactory = keysFactory;
        this.versionComparator = config.getOwnerVersionComparator();
    }

    @Override
    Comparator<Object> versionComparator() {
        return versionComparator;
    }

    @Override
    public Object generateCacheKey(Object id, CollectionPersister collectionDescriptor,
            SessionFactoryImplementor factory, String tenantIdentifier) {
        return keysFactory.createCollectionKey(id, collectionDescriptor, factory, tenantIdentifier);
    }

    @Override
    public Object getCacheKeyId(Object cacheKey) {
        return keysFactory.getCollectionId(cacheKey);
    }
}
