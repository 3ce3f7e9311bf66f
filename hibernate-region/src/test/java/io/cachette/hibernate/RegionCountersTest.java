package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.cache.CacheManager;

import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.testing.LocalCacheManagers;

/**
 * {@link CachetteRegionFactory#regionCounters()}: what the soft-lock protocol met per region (locks placed, one
 * transaction's lock met by another, loads refused because of a lock) and the cache failures Hibernate absorbed.
 */
class RegionCountersTest {

    private static final String BOOKS = Book.class.getName();

    private final CacheManager realManager = LocalCacheManagers.fresh("counters");
    private final InterceptedCaches caches = new InterceptedCaches(realManager);
    private Orm orm;

    @AfterEach
    void stop() {
        if (orm != null) {
            orm.close();
        }
        realManager.close();
    }

    /** A factory on H2 whose row locks make a second writer give up after 200 ms instead of waiting 10 s. */
    private void start() {
        Map<String, Object> settings = Orm.defaults();
        settings.put("hibernate.connection.url", settings.get("hibernate.connection.url") + ";LOCK_TIMEOUT=200");
        settings.put(CachetteRegionFactory.CACHE_MANAGER, caches.manager());
        orm = Orm.start(settings);
        orm.seedLibrary();
    }

    private RegionCounters counters(String region) {
        CachetteRegionFactory factory = (CachetteRegionFactory) orm.sessionFactory()
                .unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
        return factory.regionCounters().stream().filter(c -> c.region().equals(region)).findFirst()
                .orElseThrow(() -> new AssertionError("no counters of " + region + ": " + factory.regionCounters()));
    }

    /**
     * The first session changes book 1 and flushes, so it holds the entry's soft lock; the second reads the book
     * (a miss: the entry is locked; its load may not refill it) and changes it too, so it locks the entry a
     * second time before the database makes it wait for the first session's row lock, and gives up.
     */
    @Test
    void twoSessionsChangingOneBook_countTwoLocksOneContentionAndOneRefusedLoad() {
        start();
        try (Session first = orm.sessionFactory().openSession();
             Session second = orm.sessionFactory().openSession()) {
            first.beginTransaction();
            first.find(Book.class, 1L).setTitle("Dune Messiah");
            first.flush();

            second.beginTransaction();
            Book book = second.find(Book.class, 1L);
            book.setTitle("Children of Dune");
            assertThrows(RuntimeException.class, second::flush, "the first session holds the row");
            second.getTransaction().rollback();
            first.getTransaction().commit();
        }

        // region, locks placed, contentions, loads refused by a lock, CAS retries, locks lost, forced, failures
        assertEquals(new RegionCounters(BOOKS, 2, 1, 1, 0, 0, 0, 0), counters(BOOKS));
    }

    @Test
    void oneSessionChangingABook_countsOneLockAndNoContention() {
        start();

        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));

        assertEquals(new RegionCounters(BOOKS, 1, 0, 0, 0, 0, 0, 0), counters(BOOKS));
    }

    @Test
    void cacheDown_everyFailureHibernateAbsorbedIsCountedForItsRegion() {
        start();
        caches.fail(true);

        for (int i = 0; i < 3; i++) {
            assertEquals("Dune", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));
        }

        assertTrue(counters(BOOKS).cacheFailures() >= 3, counters(BOOKS).toString());
        long counted = ((CachetteRegionFactory) orm.sessionFactory().unwrap(SessionFactoryImplementor.class)
                .getCache().getRegionFactory()).regionCounters().stream().mapToLong(RegionCounters::cacheFailures)
                .sum();
        assertEquals(caches.failures(), counted, "every failure of every region's cache");
    }
}
