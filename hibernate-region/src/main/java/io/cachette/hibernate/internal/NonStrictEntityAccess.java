package io.cachette.hibernate.internal;

import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.support.EntityNonStrictReadWriteAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Hibernate's nonstrict-read-write access to entities, except that a committed insert drops whatever is cached
 * under the new id.
 *
 * <p>Why: Hibernate's strategy caches nothing on insert and leaves the entry alone, so an entry of a row deleted
 * behind Hibernate's back (bulk SQL, another application) would be served for the row inserted under the same
 * id. The insert proves no row existed, so that entry is stale; the next load caches the new row.
 */
final class NonStrictEntityAccess extends EntityNonStrictReadWriteAccess {

    NonStrictEntityAccess(DomainDataRegion region, CacheKeysFactory keysFactory, RegionCache cache,
            EntityDataCachingConfig config) {
        super(region, keysFactory, cache, config);
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        getStorageAccess().removeFromCache(key, session);
        return false;
    }
}
