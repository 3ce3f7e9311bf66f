package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.MemcachedClient;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feed records evicted before a reader applied them: a server with little memory ({@code -m 8}) and a filler load
 * of items the size of feed records push the records out of memcached's LRU. The reader must see a gap and drop
 * its near tier, never serve the value the evicted records invalidated.
 */
class NearCacheEvictionTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(1).withArgs("-m", "8");

    private static final int KEYS = 100;
    /** Filler items, about the size of a feed record, that overflow 8 MB of memory several times. */
    private static final int FILLER = 300_000;

    private final List<CacheManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        managers.forEach(CacheManager::close);
    }

    private Cache<Integer, Long> cache(String query) {
        CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(SERVERS.uri() + query),
                getClass().getClassLoader());
        managers.add(manager);
        return manager.createCache("evicted", new MutableConfiguration<Integer, Long>().setTypes(Integer.class,
                Long.class));
    }

    @Test
    void feedRecordsEvictedBeforeTheReaderAppliedThem_dropTheNearTier_andNothingStaleIsRead() throws Exception {
        Cache<Integer, Long> writer = cache("?near-cache.max-entries=1000&near-cache.max-bytes=0");
        Cache<Integer, Long> reader = cache("?near-cache.max-entries=1000");
        for (int k = 0; k < KEYS; k++) {
            writer.put(k, 1L);
        }
        warm(reader);
        NearCacheCounters before = reader.unwrap(MemcachedStore.class).nearCacheCounters();

        for (int k = 0; k < KEYS; k++) {
            writer.put(k, 2L); // one record each, which the reader has not read yet
        }
        fill();

        for (int k = 0; k < KEYS; k++) {
            assertNotEquals(1L, reader.get(k), "key " + k + " after its records were evicted");
        }
        NearCacheCounters after = reader.unwrap(MemcachedStore.class).nearCacheCounters();
        assertTrue(after.gaps() > before.gaps(), "a gap: " + after);
        assertTrue(after.fullDrops() > before.fullDrops(), after.toString());
    }

    /** Reads every key until all are near hits (the tier fills only after its start-up quarantine). */
    private static void warm(Cache<Integer, Long> reader) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            long hits = reader.unwrap(MemcachedStore.class).nearCacheCounters().hits();
            for (int k = 0; k < KEYS; k++) {
                assertEquals(1L, reader.get(k));
            }
            if (reader.unwrap(MemcachedStore.class).nearCacheCounters().hits() - hits == KEYS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("the near tier never served every key");
    }

    /** Writes {@value #FILLER} record-sized items, pipelined in batches. */
    private static void fill() {
        try (MemcachedClient client = MemcachedClient.builder().servers(SERVERS.hostPort(0)).build()) {
            byte[] value = new byte[80];
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (int i = 0; i < FILLER; i++) {
                batch.add(client.set("filler:" + i, value, 0, 0));
                if (batch.size() == 1_000) {
                    BlockingMemcachedClient.join(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
                    batch.clear();
                }
            }
            BlockingMemcachedClient.join(CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)));
        }
    }
}
