package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.hibernate.cfg.CacheSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Planet;
import io.cachette.testkit.MemcachedServers;

/**
 * {@code hibernate.cache.use_reference_entries=true} on memcached, which stores values serialized: Hibernate's
 * reference entries (the entity instance itself) cannot be kept, so the factory warns once at start-up and caches
 * immutable entities as standard entries; reads stay correct and still hit the cache.
 */
class MemcachedReferenceEntriesTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(1);

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                    && record.getMessage().contains(CacheSettings.USE_DIRECT_REFERENCE_CACHE_ENTRIES)) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger factoryLogger = Logger.getLogger(CachetteRegionFactory.class.getName());
    private Orm orm;

    @BeforeEach
    void capture() {
        factoryLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        factoryLogger.removeHandler(capture);
        if (orm != null) {
            orm.close();
        }
    }

    private static Map<String, Object> settings(boolean referenceEntries) {
        Map<String, Object> settings = Orm.onMemcached(SERVERS.uri());
        settings.put(CacheSettings.USE_DIRECT_REFERENCE_CACHE_ENTRIES, String.valueOf(referenceEntries));
        return settings;
    }

    @Test
    void start_referenceEntriesRequested_warnsOnce() {
        orm = Orm.start(settings(true), Planet.class);

        assertEquals(1, warnings.size(), "one warning for all the cached entity regions");
        assertTrue(warnings.get(0).getMessage().contains(SERVERS.uri()), warnings.get(0).getMessage());
    }

    @Test
    void start_referenceEntriesNotRequested_doesNotWarn() {
        orm = Orm.start(settings(false), Planet.class);

        assertEquals(List.of(), warnings);
    }

    @Test
    void read_referenceEntriesRequested_isACacheHitWithTheInsertedState() {
        orm = Orm.start(settings(true), Planet.class);
        orm.inTransaction(s -> s.persist(new Planet(1L, "Arrakis")));
        orm.stats().clear();

        assertEquals("Arrakis", orm.fromTransaction(s -> s.find(Planet.class, 1L).getName()));

        assertEquals(1, orm.stats().getSecondLevelCacheHitCount());
        assertEquals(0, orm.stats().getPrepareStatementCount());
    }

    @Test
    void read_referenceEntriesRequested_givesEachSessionItsOwnInstance() {
        orm = Orm.start(settings(true), Planet.class);
        orm.inTransaction(s -> s.persist(new Planet(1L, "Arrakis")));

        Planet first = orm.fromTransaction(s -> s.find(Planet.class, 1L));
        Planet second = orm.fromTransaction(s -> s.find(Planet.class, 1L));

        assertNotSame(first, second, "a serializing store cannot hand out the cached instance");
        assertEquals("Arrakis", second.getName());
    }

    @Test
    void read_referenceEntriesRequestedAndLoaded_isACacheHitInTheNextSession() {
        orm = Orm.start(settings(true), Planet.class);
        orm.inTransaction(s -> s.persist(new Planet(1L, "Arrakis")));
        orm.sessionFactory().getCache().evictAllRegions();
        orm.inTransaction(s -> s.find(Planet.class, 1L));
        orm.stats().clear();

        assertEquals("Arrakis", orm.fromTransaction(s -> s.find(Planet.class, 1L).getName()));

        assertEquals(1, orm.stats().getSecondLevelCacheHitCount());
        assertEquals(0, orm.stats().getPrepareStatementCount());
    }
}
