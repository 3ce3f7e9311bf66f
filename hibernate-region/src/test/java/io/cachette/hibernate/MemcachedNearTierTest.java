package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.cache.Cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Country;
import io.cachette.hibernate.entities.Note;
import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.NearCacheCounters;
import io.cachette.testkit.MemcachedServers;

/**
 * Region caches on memcached get a near tier by default: strict where Hibernate's read-write protocol needs it,
 * bounded elsewhere; a transaction that reads only cached entities then costs one memcached request.
 */
class MemcachedNearTierTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    private Orm orm;

    @AfterEach
    void close() {
        if (orm != null) {
            orm.close();
        }
    }

    private Orm start(Map<String, Object> extra) {
        Map<String, Object> settings = Orm.onMemcached(SERVERS.uri());
        settings.putAll(extra);
        orm = Orm.start(settings);
        return orm;
    }

    private Cache<Object, Object> regionCache(Class<?> entity) {
        String prefix = (String) orm.sessionFactory().getProperties().get("hibernate.cache.region_prefix");
        return orm.cacheManager().getCache(prefix + "." + entity.getName());
    }

    private Map<String, String> storeDefaults(Class<?> entity) {
        return regionCache(entity).getConfiguration(CachetteConfiguration.class).getStoreDefaults();
    }

    private NearCacheCounters near(Class<?> entity) {
        return regionCache(entity).unwrap(MemcachedStore.class).nearCacheCounters();
    }

    @Test
    void readWriteRegions_getAStrictNearTier_otherRegionsABoundedOne() {
        start(Map.of());

        assertEquals(Map.of("near-cache.max-entries", "10000", "near-cache.mode", "strict"), storeDefaults(Book.class));
        assertEquals("bounded", storeDefaults(Country.class).get("near-cache.mode"));
        assertEquals("bounded", storeDefaults(Note.class).get("near-cache.mode"));
        orm.inTransaction(s -> s.persist(new Book(1L, "isbn-1", "Dune")));
        assertNotEquals(NearCacheCounters.NONE, near(Book.class));
    }

    @Test
    void aRegionTheSettingsDeclare_stillGetsTheNearTier_andItsOwnSettingsWin() {
        start(Map.of("hibernate.cache.cachette.region." + Book.class.getName() + ".near-cache.mode", "bounded"));

        orm.inTransaction(s -> s.persist(new Book(1L, "isbn-1", "Dune")));

        assertNotEquals(NearCacheCounters.NONE, near(Book.class));
        assertEquals("bounded", orm.cacheManager().unwrap(io.cachette.jcache.CachetteCacheManager.class).settings()
                .all().get("cachette.cache." + regionCache(Book.class).getName() + ".near-cache.mode"));
    }

    @Test
    void nearCacheMaxEntriesZero_leavesRegionsWithoutANearTier() {
        start(Map.of(CachetteRegionFactory.NEAR_CACHE_MAX_ENTRIES, "0"));
        orm.inTransaction(s -> s.persist(new Book(1L, "isbn-1", "Dune")));

        assertEquals(NearCacheCounters.NONE, near(Book.class));
    }

    @Test
    void aTransactionReadingOnlyCachedEntities_costsOneMemcachedRequest() {
        // no bounded tiers here, so no poller sends requests meanwhile
        Map<String, Object> settings = new java.util.HashMap<>();
        for (String region : new String[] {Country.class.getName(), Note.class.getName(),
                "default-query-results-region"}) {
            settings.put("hibernate.cache.cachette.region." + region + ".near-cache.max-entries", "0");
        }
        start(settings);
        orm.inTransaction(s -> {
            for (long id = 1; id <= 5; id++) {
                s.persist(new Book(id, "isbn-" + id, "Book " + id));
            }
        });
        warm();

        // at most once a second a transaction start also advances the idle timestamp counter: a few tries
        java.util.List<Long> costs = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 3 && !costs.contains(1L); attempt++) {
            long before = requests();
            orm.inTransaction(s -> {
                for (long id = 1; id <= 5; id++) {
                    s.find(Book.class, id);
                }
            });
            costs.add(requests() - before);
        }

        assertEquals(1L, costs.get(costs.size() - 1),
                "one read of the change feed's head for five finds; requests per try " + costs + ", " + near(Book.class));
    }

    @Test
    void anUpdateTransaction_costsTheHeadReadAndTwoCommandsPerChange_moreThanWithoutTheNearTier() {
        Map<String, Object> quiet = new java.util.HashMap<>();
        for (String region : new String[] {Country.class.getName(), Note.class.getName(),
                "default-query-results-region"}) {
            // no bounded tiers, so no poller sends requests meanwhile
            quiet.put("hibernate.cache.cachette.region." + region + ".near-cache.max-entries", "0");
        }
        Map<String, Object> noNear = new java.util.HashMap<>(quiet);
        noNear.put(CachetteRegionFactory.NEAR_CACHE_MAX_ENTRIES, "0");
        long[] without = updateCost(start(noNear));
        orm.close();
        orm = null;
        long[] with = updateCost(start(quiet));

        assertEquals(0, without[1], "no near tier, nothing published");
        assertTrue(with[1] >= 4, "changes published: " + with[1]);
        // each change: its head advance and its record; the transaction: one head read; own records not read back
        assertEquals(without[0] + 1 + 2 * with[1], with[0],
                "commands with / without the near tier: " + with[0] + " / " + without[0] + ", " + with[1]
                        + " changes published");
    }

    /**
     * The memcached requests and feed records of one update transaction (find a book, change it, commit) on the
     * started factory: the cheapest of a few, as the generations and the idle timestamp counter are re-read now and
     * then.
     */
    private long[] updateCost(Orm started) {
        started.inTransaction(s -> {
            for (long id = 1; id <= 3; id++) {
                s.persist(new Book(id, "isbn-" + id, "Book " + id));
            }
        });
        long[] best = null;
        for (int i = 0; i < 6; i++) {
            long id = 1 + i % 3;
            String title = "Title " + i;
            long requests = requests();
            long published = published();
            started.inTransaction(s -> s.find(Book.class, id).setTitle(title));
            long[] cost = {requests() - requests, published() - published};
            if (best == null || cost[0] - 2 * cost[1] < best[0] - 2 * best[1]) {
                best = cost;
            }
        }
        return best;
    }

    /** Feed records the cache manager published, over all its caches. */
    private long published() {
        long sum = 0;
        for (String name : orm.cacheManager().getCacheNames()) {
            sum += orm.cacheManager().getCache(name).unwrap(MemcachedStore.class).nearCacheCounters().published();
        }
        return sum;
    }

    /** Reads the books until a whole transaction is served by the near tier (fills wait out a short quarantine). */
    private void warm() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            long hits = near(Book.class).hits();
            orm.inTransaction(s -> {
                for (long id = 1; id <= 5; id++) {
                    s.find(Book.class, id);
                }
            });
            if (near(Book.class).hits() - hits == 5) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("the books never came from the near tier: " + near(Book.class));
    }

    private long requests() {
        long sum = 0;
        for (ServerMetrics server : regionCache(Book.class).unwrap(MemcachedStore.class).client().metrics()) {
            sum += server.operations();
        }
        return sum;
    }
}
