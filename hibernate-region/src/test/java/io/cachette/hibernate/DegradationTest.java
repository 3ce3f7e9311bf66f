package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;

/**
 * With a cache that throws on every operation, Hibernate keeps working against the database, the failure is
 * logged once per interval, and caching resumes by itself when the cache answers again.
 */
class DegradationTest {

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
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

    private CacheManager realManager;
    private InterceptedCaches caches;
    private Orm orm;
    private Statistics stats;

    @BeforeEach
    void start() {
        factoryLogger.addHandler(capture);
        CachingProvider provider = Caching.getCachingProvider(CachetteRegionFactory.PROVIDER_CLASS);
        realManager = provider.getCacheManager(URI.create("cachette:degradation-" + UUID.randomUUID()),
                provider.getDefaultClassLoader());
        caches = new InterceptedCaches(realManager);
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.CACHE_MANAGER, caches.manager());
        orm = Orm.start(settings);
        stats = orm.stats();
        orm.seedLibrary();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
        realManager.close();
        factoryLogger.removeHandler(capture);
    }

    private String title() {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
    }

    private List<String> cachedQuery() {
        return orm.fromTransaction(s -> s.createSelectionQuery("select b.title from Book b", String.class)
                .setCacheable(true).getResultList());
    }

    @Test
    void failingCache_sessionsKeepWorkingAgainstTheDatabase() {
        caches.fail(true);

        assertEquals("Dune", title());
        assertEquals("Dune", title());
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        assertEquals("Dune Messiah", title());
        assertEquals(List.of("Dune Messiah"), cachedQuery());
        assertEquals(List.of("Dune Messiah"), cachedQuery());

        assertTrue(caches.failures() > 0, "the cache was really asked");
        assertEquals(0, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(4, stats.getEntityLoadCount(), "every find went to the database");
        assertEquals(2, stats.getQueryExecutionCount(), "every query went to the database");
    }

    @Test
    void failingCache_isLoggedOncePerInterval() {
        caches.fail(true);
        warnings.clear();

        for (int i = 0; i < 5; i++) {
            title();
        }

        assertTrue(caches.failures() >= 5);
        assertEquals(1, warnings.size(), "one warning for " + caches.failures() + " failures");
    }

    @Test
    void cacheThatAnswersAgain_isUsedAgain() {
        orm.sessionFactory().getCache().evictAllRegions();
        caches.fail(true);
        title();
        caches.fail(false);
        stats.clear();

        title(); // loads and caches
        assertEquals("Dune", title());

        assertEquals(1, stats.getSecondLevelCacheHitCount());
    }

    @Test
    void updateWhileTheCacheFails_isNotHiddenByAStaleEntryAfterRecovery() {
        title(); // cached as "Dune"
        caches.fail(true);
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        caches.fail(false);

        assertEquals("Dune Messiah", title());
    }
}
