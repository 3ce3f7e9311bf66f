package io.cachette.memcached.store;

import io.cachette.jcache.CachetteCache;
import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.store.HerdCounters;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Herd control on real memcached: callers of two cache managers (separate clients, as two JVMs) that miss one key
 * at once load it once between them, through read-through {@code get}/{@code getAll} and through {@code invoke}.
 */
class HerdControlTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int THREADS_PER_MANAGER = 16;
    private static final long LOAD_MILLIS = 50;
    /** Counts the loads of the loader of every test's caches (reset per test). */
    static final AtomicInteger LOADS = new AtomicInteger();
    /** How often {@code loadAll} loaded each key (reset per test): one call may load several keys. */
    static final Map<String, Integer> KEYS_LOADED = new java.util.concurrent.ConcurrentHashMap<>();
    static volatile boolean loaderThrows;

    private final List<CacheManager> managers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        managers.forEach(CacheManager::close);
        LOADS.set(0);
        KEYS_LOADED.clear();
        loaderThrows = false;
    }

    /** Loads {@code "value-" + key} in {@value #LOAD_MILLIS} ms, or throws when told to. */
    public static final class SlowLoader implements CacheLoader<String, String>, java.io.Serializable {
        @Override
        public String load(String key) {
            LOADS.incrementAndGet();
            sleep(LOAD_MILLIS);
            if (loaderThrows) {
                throw new IllegalStateException("the database is down");
            }
            return "value-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new java.util.HashMap<>();
            LOADS.incrementAndGet();
            sleep(LOAD_MILLIS);
            for (String key : keys) {
                KEYS_LOADED.merge(key, 1, Integer::sum);
                loaded.put(key, "value-" + key);
            }
            return loaded;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A cache manager of its own ("another JVM") on the test's servers, told apart by {@code query}. */
    private Cache<String, String> cache(String name, boolean readThrough, String query) {
        URI uri = URI.create("memcached://" + String.join(",", SERVERS.hostPorts()) + "?" + query);
        CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
        managers.add(manager);
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class);
        if (readThrough) {
            configuration.setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class));
        }
        return manager.createCache(name, configuration);
    }

    /** Two managers' caches of one name: the two "JVMs" of a test. */
    private List<Cache<String, String>> twoJvms(String name, boolean readThrough, String query) {
        return List.of(cache(name, readThrough, query + "&connections-per-server=1"),
                cache(name, readThrough, query + "&connections-per-server=2"));
    }

    /** Runs {@code call} in {@value #THREADS_PER_MANAGER} threads per cache, all released at once. */
    private <T> List<Future<T>> storm(List<Cache<String, String>> caches, java.util.function.Function<Cache<String,
            String>, T> call) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> results = new ArrayList<>();
        for (Cache<String, String> cache : caches) {
            for (int i = 0; i < THREADS_PER_MANAGER; i++) {
                Callable<T> task = () -> {
                    start.await();
                    return call.apply(cache);
                };
                results.add(threads.submit(task));
            }
        }
        start.countDown();
        return results;
    }

    private static <T> T result(Future<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a caller hung for 20 s", e);
        }
    }

    private static HerdCounters herd(Cache<?, ?> cache) {
        return cache.unwrap(CachetteCache.class).herdCounters();
    }

    @Test
    void readThroughGet_callersOfTwoManagersMissingOneKey_loadItOnce() throws Exception {
        List<Cache<String, String>> caches = twoJvms("herd-get", true, "herd.wait-ms=5000");
        for (Future<String> result : storm(caches, cache -> cache.get("hot"))) {
            assertEquals("value-hot", result(result));
        }
        assertEquals(1, LOADS.get());
        HerdCounters first = herd(caches.get(0));
        HerdCounters second = herd(caches.get(1));
        assertEquals(1, first.leasesWon() + second.leasesWon());
        assertTrue(first.waits() + second.waits() >= 2 * THREADS_PER_MANAGER - 1, first + " " + second);
    }

    @Test
    void readThroughGetAll_callersOfTwoManagersMissingTheSameKeys_loadEachOnce() throws Exception {
        List<Cache<String, String>> caches = twoJvms("herd-getall", true, "herd.wait-ms=5000");
        Set<String> keys = Set.of("a", "b", "c");
        for (Future<Map<String, String>> result : storm(caches, cache -> cache.getAll(keys))) {
            assertEquals(Map.of("a", "value-a", "b", "value-b", "c", "value-c"), result(result));
        }
        // each key once; the keys may be split between loader calls (two JVMs may each win some of them)
        assertEquals(Map.of("a", 1, "b", 1, "c", 1), KEYS_LOADED);
    }

    @Test
    void invoke_callersOfTwoManagersOnAnAbsentEntry_runTheLoadingProcessorOnce() throws Exception {
        List<Cache<String, String>> caches = twoJvms("herd-invoke", false, "herd.wait-ms=5000");
        for (Future<String> result : storm(caches, cache -> cache.invoke("hot", (entry, arguments) -> {
            if (!entry.exists()) {
                entry.setValue(new SlowLoader().load(entry.getKey()));
            }
            return entry.getValue();
        }))) {
            assertEquals("value-hot", result(result));
        }
        assertEquals(1, LOADS.get());
        assertEquals("value-hot", caches.get(0).get("hot"));
    }

    @Test
    void invoke_thatLeavesTheEntryAbsent_givesTheLeaseBack() {
        Cache<String, String> cache = cache("herd-invoke-keep", false, "herd.wait-ms=5000");
        assertEquals(Boolean.FALSE, cache.invoke("k", (entry, arguments) -> entry.exists()));
        long start = System.nanoTime();
        assertEquals(Boolean.FALSE, cache.invoke("k", (entry, arguments) -> entry.exists()));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2_000), "waited for a dead lease");
        assertEquals(2, herd(cache).leasesWon());
        assertEquals(0, herd(cache).waits());
    }

    @Test
    void herdOff_everyCallerThatMissesLoads() throws Exception {
        List<Cache<String, String>> caches = twoJvms("herd-off", true, "herd.lease-seconds=0");
        for (Future<String> result : storm(caches, cache -> cache.get("hot"))) {
            assertEquals("value-hot", result(result));
        }
        // one load per manager at least (each JVM still loads once), more when the stores do not coordinate
        assertTrue(LOADS.get() >= 2, "loads: " + LOADS.get());
        assertEquals(0, herd(caches.get(0)).leasesWon() + herd(caches.get(1)).leasesWon());
    }

    @Test
    void loaderThrows_everyCallerEndsWithTheLoaderExceptionAndNoneHangs() throws Exception {
        loaderThrows = true;
        List<Cache<String, String>> caches = twoJvms("herd-throws", true, "herd.wait-ms=500");
        long start = System.nanoTime();
        for (Future<String> result : storm(caches, cache -> {
            try {
                return cache.get("hot");
            } catch (CacheLoaderException e) {
                return "failed: " + e.getCause().getMessage();
            }
        })) {
            assertEquals("failed: the database is down", result(result));
        }
        // each loader call fails in 50 ms; a caller waits at most 500 ms before it loads itself
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertTrue(LOADS.get() < 2 * THREADS_PER_MANAGER, "loads: " + LOADS.get());
    }

    @Test
    void deadLoader_waitersLoadThemselvesAfterTheWait_andTheLeaseExpires() throws Exception {
        Cache<String, String> cache = cache("herd-dead", true, "herd.wait-ms=300&herd.lease-seconds=2");
        cache.put("seed", "x"); // the generation counter exists, so the key's place is known
        String memcachedKey = memcachedKey("herd-dead", "hot");
        try (MemcachedClient client = MemcachedClient.builder().servers(SERVERS.hostPorts().toArray(String[]::new))
                .build()) {
            LeaseRead lease = client.blocking().getOrLease(memcachedKey, 2); // a loader that dies right away
            assertTrue(lease.won());
            long start = System.nanoTime();
            assertEquals("value-hot", cache.get("hot"));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(300), "waited " + waited / 1_000_000 + " ms");
            assertEquals(1, herd(cache).waitTimeouts());
            cache.remove("hot");
            assertTrue(client.blocking().getOrLease(memcachedKey, 2).won()); // dead again
            sleep(3_000); // the placeholder expires
            assertEquals("value-hot", cache.get("hot"));
            assertEquals(1, herd(cache).waitTimeouts());
            assertEquals(1, herd(cache).leasesWon());
        }
    }

    /**
     * When the lease holder died (or loads for longer than {@code herd.wait-ms}), one thread per JVM waits for the
     * lease and decides on the absent entry when its wait runs out; the JVM's other {@code invoke} callers wait for
     * that thread and then run on the entry it wrote: one load per JVM, as read-through {@code get} (before this
     * was shared, 16 callers of one JVM ran the loading processor 16 times).
     */
    @Test
    void invoke_leaseHolderDead_callersWhoseWaitRanOutLoadOncePerJvm() throws Exception {
        Cache<String, String> cache = cache("herd-dead-invoke", false, "herd.wait-ms=300&herd.lease-seconds=5");
        cache.put("seed", "x"); // the generation counter exists, so the key's place is known
        String memcachedKey = memcachedKey("herd-dead-invoke", "hot");
        try (MemcachedClient client = MemcachedClient.builder().servers(SERVERS.hostPorts().toArray(String[]::new))
                .build()) {
            assertTrue(client.blocking().getOrLease(memcachedKey, 5).won()); // a loader that dies right away
        }
        for (Future<String> result : storm(List.of(cache), c -> c.invoke("hot", (entry, arguments) -> {
            if (!entry.exists()) {
                entry.setValue(new SlowLoader().load(entry.getKey()));
            }
            return entry.getValue();
        }))) {
            assertEquals("value-hot", result(result));
        }
        assertEquals(1, herd(cache).waitTimeouts());
        assertEquals(1, LOADS.get(), "loads after the waits for a dead lease ran out");
    }

    @Test
    void placeholder_isAMissForReadsAndIterationAndNoRejectedItem() throws Exception {
        Cache<String, String> cache = cache("herd-placeholder", false, "herd.wait-ms=300");
        cache.put("seed", "x");
        try (MemcachedClient client = MemcachedClient.builder().servers(SERVERS.hostPorts().toArray(String[]::new))
                .build()) {
            assertTrue(client.blocking().getOrLease(memcachedKey("herd-placeholder", "loading"), 5).won());
        }
        assertNull(cache.get("loading"));
        assertEquals(false, cache.containsKey("loading"));
        List<String> keys = new ArrayList<>();
        cache.forEach(entry -> keys.add(entry.getKey()));
        assertEquals(List.of("seed"), keys);
        assertEquals(true, cache.putIfAbsent("loading", "put"));
        assertEquals("put", cache.get("loading"));
        MemcachedStoreCounters counters = cache.unwrap(MemcachedStore.class).counters();
        assertEquals(0, counters.deserializationRejections() + counters.signatureFailures());
    }

    private String memcachedKey(String cacheName, String key) throws Exception {
        try (MemcachedClient client = MemcachedClient.builder().servers(SERVERS.hostPorts().toArray(String[]::new))
                .build()) {
            return new StoreKeys(client, cacheName).memcachedKey(key);
        }
    }
}
