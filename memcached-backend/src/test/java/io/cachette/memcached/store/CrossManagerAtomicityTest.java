package io.cachette.memcached.store;

import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two cache managers that share nothing but the memcached cluster — as two JVMs would: different URIs (the
 * servers in another order, other client settings), hence separate clients, stores and generation caches —
 * hammer the same keys; no atomic update may be lost.
 */
class CrossManagerAtomicityTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int THREADS_PER_MANAGER = 3;
    private static final int INCREMENTS_PER_THREAD = 150;
    private static final int KEYS = 4;

    private final List<CacheManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        managers.forEach(CacheManager::close);
    }

    private List<Cache<String, Integer>> twoManagers(String cacheName) {
        List<String> reversed = new ArrayList<>(SERVERS.hostPorts());
        Collections.reverse(reversed);
        List<Cache<String, Integer>> caches = new ArrayList<>();
        for (String uri : List.of(SERVERS.uri(),
                "memcached://" + String.join(",", reversed) + "?connections-per-server=2")) {
            CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(uri),
                    getClass().getClassLoader());
            managers.add(manager);
            caches.add(manager.createCache(cacheName,
                    new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class)));
        }
        return caches;
    }

    @Test
    void invokeIncrements_fromTwoManagersAndSeveralThreads_loseNoUpdate() throws Exception {
        List<Cache<String, Integer>> caches = twoManagers("counters");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_MANAGER);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_MANAGER; t++) {
                Cache<String, Integer> cache = caches.get(t % 2);
                int offset = t;
                tasks.add(() -> {
                    for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                        cache.invoke("k" + (offset + i) % KEYS, (entry, args) -> {
                            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                            return null;
                        });
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int total = 0;
        for (int k = 0; k < KEYS; k++) {
            Integer fromFirst = caches.get(0).get("k" + k);
            assertEquals(fromFirst, caches.get(1).get("k" + k), "both managers read the same value");
            total += fromFirst;
        }
        assertEquals(2 * THREADS_PER_MANAGER * INCREMENTS_PER_THREAD, total);
    }

    @Test
    void putIfAbsent_fromTwoManagersAtOnce_succeedsExactlyOnce() throws Exception {
        List<Cache<String, Integer>> caches = twoManagers("claims");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_MANAGER);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "claim-" + round;
                AtomicInteger winners = new AtomicInteger();
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < 2 * THREADS_PER_MANAGER; t++) {
                    Cache<String, Integer> cache = caches.get(t % 2);
                    int id = t;
                    tasks.add(() -> {
                        if (cache.putIfAbsent(key, id)) {
                            winners.incrementAndGet();
                        }
                        return null;
                    });
                }
                for (Future<Void> done : pool.invokeAll(tasks, 1, TimeUnit.MINUTES)) {
                    done.get();
                }
                assertEquals(1, winners.get(), "winners of " + key);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
