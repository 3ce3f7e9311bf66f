package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;
import io.cachette.memcached.testing.MemcachedServers;

/**
 * Two SessionFactories as two JVMs would have them: each with its own CacheManager (its own memcached client,
 * manager URI and region factory), sharing only one H2 database and one memcached cluster. READ_WRITE must
 * never let one serve an entity older than what the other committed before the read began.
 */
class MemcachedSharedCacheTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    private Orm first;
    private Orm second;

    @BeforeEach
    void start() {
        Map<String, Object> settings = Orm.defaults();
        settings.put("hibernate.cache.region_prefix", "t" + UUID.randomUUID().toString().replace("-", ""));
        settings.put(CachetteRegionFactory.URI, SERVERS.uri());
        settings.put("hibernate.hbm2ddl.auto", "create");
        first = Orm.start(settings);
        // the same cluster under another manager identity: the servers listed the other way round
        settings.put(CachetteRegionFactory.URI, "memcached://" + SERVERS.hostPort(1) + "," + SERVERS.hostPort(0));
        settings.put("hibernate.hbm2ddl.auto", "none");
        second = Orm.start(settings);
        first.seedLibrary();
        first.inTransaction(s -> s.persist(new Account(1L, 0)));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
    }

    private static String title(Orm orm) {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
    }

    @Test
    void theTwoFactories_haveSeparateCacheManagers() {
        assertNotSame(first.cacheManager(), second.cacheManager());
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
