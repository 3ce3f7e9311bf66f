package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;

import org.hibernate.cfg.CacheSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Planet;

/**
 * {@code hibernate.cache.use_reference_entries=true} on the local store, which keeps objects: Hibernate's
 * reference entries work as with its own caches (compare {@link MemcachedReferenceEntriesTest}).
 */
class LocalReferenceEntriesTest {

    private Orm orm;

    @AfterEach
    void stop() {
        orm.close();
    }

    @Test
    void read_referenceEntriesRequested_givesTheCachedInstanceWithoutSql() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CacheSettings.USE_DIRECT_REFERENCE_CACHE_ENTRIES, "true");
        orm = Orm.start(settings, Planet.class);
        orm.inTransaction(s -> s.persist(new Planet(1L, "Arrakis")));
        Planet first = orm.fromTransaction(s -> s.find(Planet.class, 1L));
        orm.stats().clear();

        Planet second = orm.fromTransaction(s -> s.find(Planet.class, 1L));

        assertSame(first, second);
        assertEquals(0, orm.stats().getPrepareStatementCount());
    }
}
