package io.cachette.memcached.store;

import io.cachette.memcached.ServerMetrics;
import io.cachette.store.ConsistentReads;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import static io.cachette.memcached.store.NearCacheTest.near;
import static io.cachette.memcached.store.NearCacheTest.warm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the change feed costs a writer in memcached commands: its own records are not read back, and a compute
 * reserves its feed position while it reads, filling it with a record naming nothing when it keeps its entry.
 * Commands are counted by the writer's client; each test has a key prefix of its own and generations are not
 * re-read meanwhile, so the counts are exact.
 */
class NearCacheFeedCommandsTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private final List<CacheManager> managers = new ArrayList<>();
    private final String prefix = "fc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void close() {
        managers.forEach(CacheManager::close);
    }

    /** A cache manager of its own ("another JVM"; {@code reversed}: servers listed the other way round). */
    private Cache<Integer, Long> cache(boolean reversed) {
        List<String> servers = new ArrayList<>(SERVERS.hostPorts());
        if (reversed) {
            java.util.Collections.reverse(servers);
        }
        URI uri = URI.create("memcached://" + String.join(",", servers) + "?near-cache.max-entries=1000"
                + "&key-prefix=" + prefix + "&generation-refresh-ms=600000");
        CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
        managers.add(manager);
        return manager.createCache("feed-commands",
                new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
    }


    /** Requests the cache's client sent so far, over all servers. */
    private static long requests(Cache<?, ?> cache) {
        long sum = 0;
        for (ServerMetrics server : cache.unwrap(MemcachedStore.class).client().metrics()) {
            sum += server.operations();
        }
        return sum;
    }

    private static ConsistentReads.Scope headRead(Cache<?, ?> cache) {
        return cache.getCacheManager().unwrap(ConsistentReads.class).begin();
    }

    @Test
    void aHeadReadAfterOwnChanges_doesNotReadTheirRecordsBack() {
        Cache<Integer, Long> cache = cache(false);
        headRead(cache); // following the feed from here
        for (int k = 0; k < 5; k++) {
            cache.put(k, 1L);
        }
        assertTrue(cache.remove(0));
        long before = requests(cache);

        headRead(cache);

        assertEquals(before + 1, requests(cache), "the head read alone: the six records are this manager's own");
    }

    @Test
    void aComputeThatKeepsItsEntry_leavesARecordNamingNothing_soAnotherManagerServesOnWithoutAGap() {
        Cache<Integer, Long> writer = cache(false);
        Cache<Integer, Long> reader = cache(true);
        for (int k = 0; k < 5; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 5);
        NearCacheCounters before = near(reader);

        assertTrue(!writer.remove(99), "nothing to remove: the compute keeps the absent entry");
        long started = System.nanoTime();
        ConsistentReads.Scope scope = headRead(reader);
        for (int k = 0; k < 5; k++) {
            int key = k;
            assertEquals(1L, scope.call(() -> reader.get(key)));
        }

        NearCacheCounters after = near(reader);
        assertEquals(before.gaps(), after.gaps(), after.toString());
        assertEquals(before.hits() + 5, after.hits(), "every entry still served: " + after);
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(90),
                "the reader found the record at once instead of waiting for a missing one");
    }

    @Test
    void aComputeAfterOneThatKeptItsEntry_sendsOnlyItsRead() {
        Cache<Integer, Long> cache = cache(false);
        cache.put(1, 1L);
        long first = requests(cache);
        assertTrue(!cache.remove(99));
        long second = settled(cache, first + 3);
        assertTrue(!cache.remove(98));

        assertEquals(3, second - first, "a reserved position: its read, the head advance and an empty record");
        assertEquals(1, settled(cache, second + 1) - second, "after a compute that kept: its read alone");
    }

    /**
     * The requests sent once {@code expected} were (an empty record is sent when its head advance answers, after
     * the compute returned), or after a short wait; then a little more, so that an extra request would show.
     */
    private static long settled(Cache<?, ?> cache, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (requests(cache) < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        return requests(cache);
    }

    @Test
    void aComputeThatChangesItsEntry_costsItsReadAndWrite_theHeadAdvanceAndTheRecord() {
        Cache<Integer, Long> cache = cache(false);
        cache.put(1, 1L);
        long before = requests(cache);

        assertTrue(cache.replace(1, 1L, 2L));

        assertEquals(4, requests(cache) - before);
        assertEquals(2L, cache.get(1));
    }
}
