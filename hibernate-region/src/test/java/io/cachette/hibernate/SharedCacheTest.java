package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.Session;
import org.hibernate.StaleStateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;

/**
 * Two SessionFactories that share nothing but the database and the cache — two region factories with no JVM-local
 * lock in common, as two JVMs on one shared cache would be. READ_WRITE must never let one serve an entity older
 * than what the other committed before the read began. Written once, run on each backend by a subclass
 * ({@link LocalSharedCacheTest}, {@link MemcachedSharedCacheTest}), and on PostgreSQL
 * ({@link PostgresMemcachedSharedCacheTest}).
 */
abstract class SharedCacheTest {

    Orm first;
    Orm second;

    /**
     * Points the settings of factory {@code index} (0, then 1; the same map, with a fresh database) at the cache
     * the two share.
     */
    abstract void shareCache(Map<String, Object> settings, int index);

    /** The settings both factories start from: a fresh H2 database; a subclass may name another database. */
    Map<String, Object> databaseSettings() {
        return Orm.defaults();
    }

    /** Releases what {@link #shareCache} made, after both factories closed. */
    void releaseCache() {
    }

    @BeforeEach
    void start() {
        Map<String, Object> settings = databaseSettings();
        shareCache(settings, 0);
        settings.put("hibernate.hbm2ddl.auto", "create");
        first = Orm.start(settings);
        shareCache(settings, 1);
        settings.put("hibernate.hbm2ddl.auto", "none");
        second = Orm.start(settings);
        first.seedLibrary();
        first.inTransaction(s -> s.persist(new Account(1L, 0)));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
        releaseCache();
    }

    private static String title(Orm orm) {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
    }

    @Test
    void updateThroughOneFactory_isAHitWithTheNewValueInTheOther() {
        assertEquals("Dune", title(first));
        assertEquals("Dune", title(second));

        second.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));

        first.stats().clear();
        assertEquals("Dune Messiah", title(first));
        assertEquals(1, first.stats().getSecondLevelCacheHitCount(), "served by the entry the other one cached");
        assertEquals(0, first.stats().getPrepareStatementCount());
    }

    @Test
    void queryCachedByOneFactory_isMadeStaleByAnUpdateThroughTheOther() {
        String query = "select b.title from Book b";
        first.fromTransaction(s -> s.createSelectionQuery(query, String.class).setCacheable(true).getResultList());

        second.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));

        first.stats().clear();
        List<String> titles = first.fromTransaction(
                s -> s.createSelectionQuery(query, String.class).setCacheable(true).getResultList());
        assertEquals(List.of("Dune Messiah"), titles);
        assertEquals(0, first.stats().getQueryCacheHitCount());
    }

    @Test
    void entryLockedByOneFactory_isNeitherServedNorRefilledByTheOther() {
        assertEquals("Dune", title(first));
        try (Session writer = second.sessionFactory().openSession()) {
            writer.beginTransaction();
            writer.find(Book.class, 1L).setTitle("Dune Messiah");
            writer.flush(); // soft lock placed, not committed

            first.stats().clear();
            assertEquals("Dune", title(first), "the committed value, from the database");
            assertEquals(0, first.stats().getSecondLevelCacheHitCount());
            assertEquals(0, first.stats().getSecondLevelCachePutCount(), "no refill while locked");

            writer.getTransaction().commit();
        }
        assertEquals("Dune Messiah", title(first));
    }

    @Test
    void concurrentUpdatesAndReadsAcrossFactories_neverReadOlderThanWhatWasCommittedBefore() throws Exception {
        AtomicInteger lastCommitted = new AtomicInteger();
        List<String> violations = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (Orm orm : List.of(first, second)) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        try {
                            int version = orm.fromTransaction(s -> {
                                Account account = s.find(Account.class, 1L);
                                account.setBalance(account.getBalance() + 1);
                                s.flush();
                                return account.getVersion();
                            });
                            lastCommitted.accumulateAndGet(version, Math::max);
                        } catch (OptimisticLockException | StaleStateException e) {
                            // the other writer won this round
                        }
                    }
                }));
                for (int reader = 0; reader < 2; reader++) {
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 30; i++) {
                            int committedBefore = lastCommitted.get();
                            int read = orm.fromTransaction(s -> s.find(Account.class, 1L).getVersion());
                            if (read < committedBefore) {
                                synchronized (violations) {
                                    violations.add("read version " + read + " after version " + committedBefore
                                            + " was committed");
                                }
                            }
                        }
                    }));
                }
            }
            for (Future<?> future : work) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertTrue(violations.isEmpty(), violations.toString());
        assertTrue(lastCommitted.get() > 0, "some updates committed");
        int committed = lastCommitted.get();
        assertEquals(committed, (int) first.fromTransaction(s -> s.find(Account.class, 1L).getVersion()));
        assertEquals(committed, (int) second.fromTransaction(s -> s.find(Account.class, 1L).getVersion()));
        second.stats().clear();
        second.fromTransaction(s -> s.find(Account.class, 1L).getVersion());
        assertEquals(1, second.stats().getSecondLevelCacheHitCount(), "the last version ends up cached");
    }
}
