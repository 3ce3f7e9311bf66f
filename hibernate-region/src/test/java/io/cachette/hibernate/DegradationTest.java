package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;

/**
 * With the cache down, Hibernate keeps working against the database, the failure is logged once per interval,
 * and caching resumes by itself — without serving what was cached before the outage — when the cache answers
 * again. Written once, run by a subclass per way a cache goes down: {@link LocalDegradationTest} (every cache
 * operation throws) and {@link MemcachedDegradationTest} (every server killed: the store answers misses and
 * drops writes without throwing, and the region factory reports what it absorbed).
 */
abstract class DegradationTest {

    /** Bounds the wait for the cache to answer again (a memcached client re-admits servers within about 2 s). */
    private static final int RECOVERY_ATTEMPTS = 150;

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

    Orm orm;
    private Statistics stats;

    /** The settings of the factory under test: {@link Orm#defaults()} plus the backend's. */
    abstract Map<String, Object> settings();

    /** Takes the whole cache down. */
    abstract void takeCacheDown();

    /** Brings the cache back (possibly empty); it may take a moment before the factory's caches answer again. */
    abstract void bringCacheBack() throws Exception;

    /** How many cache operations have failed so far. */
    abstract long cacheFailures();

    /** Releases what {@link #settings()} made, after the factory closed. */
    void releaseCache() {
    }

    @BeforeEach
    void start() {
        factoryLogger.addHandler(capture);
        orm = Orm.start(settings());
        stats = orm.stats();
        orm.seedLibrary();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
        releaseCache();
        factoryLogger.removeHandler(capture);
    }

    private String title() {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
    }

    private List<String> cachedQuery() {
        return orm.fromTransaction(s -> s.createSelectionQuery("select b.title from Book b", String.class)
                .setCacheable(true).getResultList());
    }

    /**
     * Reads book 1 twice per round until the second-level cache serves it again, asserting {@code title} on every
     * read; the hits of the last round.
     */
    private long readUntilCachedAgain(String title) throws InterruptedException {
        long hits = 0;
        for (int attempt = 0; attempt < RECOVERY_ATTEMPTS && hits == 0; attempt++) {
            stats.clear();
            assertEquals(title, title(), "never the value from before the outage");
            assertEquals(title, title());
            hits = stats.getSecondLevelCacheHitCount();
            if (hits == 0) {
                Thread.sleep(100); // a memcached client re-admits the servers in the background
            }
        }
        return hits;
    }

    @Test
    void cacheDown_sessionsKeepWorkingAgainstTheDatabase() {
        assertEquals("Dune", title()); // cached
        takeCacheDown();
        stats.clear();

        for (int i = 0; i < 5; i++) {
            assertEquals("Dune", title());
        }
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        assertEquals("Dune Messiah", title());
        assertEquals(List.of("Dune Messiah"), cachedQuery());
        assertEquals(List.of("Dune Messiah"), cachedQuery());

        assertTrue(cacheFailures() > 0, "the cache was really asked");
        assertEquals(0, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(7, stats.getEntityLoadCount(), "every find went to the database");
        assertEquals(2, stats.getQueryExecutionCount(), "every query went to the database");
    }

    /**
     * Counts the warnings since the factory started: on a busy machine a slow reply while the test data is written
     * may already be the interval's one warning (the interval is a minute, the test takes seconds).
     */
    @Test
    void cacheDown_isLoggedOncePerInterval() {
        takeCacheDown();

        for (int i = 0; i < 5; i++) {
            title();
        }

        assertTrue(cacheFailures() >= 5, "failures: " + cacheFailures());
        assertEquals(1, warnings.size(), "one warning for " + cacheFailures() + " failures: " + warnings.stream()
                .map(LogRecord::getMessage).toList());
    }

    @Test
    void cacheThatAnswersAgain_isUsedAgain() throws Exception {
        orm.sessionFactory().getCache().evictAllRegions();
        takeCacheDown();
        title();
        bringCacheBack();

        assertTrue(readUntilCachedAgain("Dune") > 0, "caching resumed after the cache came back");
    }

    @Test
    void updateWhileTheCacheIsDown_isNotHiddenByWhatWasCachedBeforeTheOutage() throws Exception {
        assertEquals("Dune", title()); // cached as "Dune"
        takeCacheDown();
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        bringCacheBack();

        assertTrue(readUntilCachedAgain("Dune Messiah") > 0, "caching resumed after the cache came back");
    }
}
