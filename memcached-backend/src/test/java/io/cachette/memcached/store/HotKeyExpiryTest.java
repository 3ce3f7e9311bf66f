package io.cachette.memcached.store;

import io.cachette.jcache.CachetteCache;
import io.cachette.store.HerdCounters;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hot key expiring every 200 ms under 16 reading threads for 10 s: the loader runs about once per expiry, not
 * once per caller; with stale-while-revalidate only the caller refreshing the key waits for the loader.
 */
class HotKeyExpiryTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int THREADS = 16;
    private static final long RUN_MILLIS = 10_000;
    private static final long EXPIRY_MILLIS = 200;
    /** Long next to a get, so that a get spanning a whole load without waiting for it is rare even on a busy machine. */
    private static final long LOAD_MILLIS = 300;
    /** Loads started so far; a load's value names its number. */
    static final AtomicInteger LOADS = new AtomicInteger();

    private CacheManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        LOADS.set(0);
    }

    /** Loads {@code "<n>"}, n counting the loads, in {@value #LOAD_MILLIS} ms. */
    public static final class CountingLoader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            int n = LOADS.incrementAndGet();
            try {
                Thread.sleep(LOAD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Integer.toString(n);
        }

        @Override
        public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException("not used by get");
        }
    }

    /** What the readers saw. */
    record Run(long gets, long nulls, long waitedForALoad, int loads, HerdCounters herd) {
    }

    private Run run(String cacheName, String query) throws Exception {
        manager = Caching.getCachingProvider().getCacheManager(URI.create("memcached://"
                + String.join(",", SERVERS.hostPorts()) + "?" + query), getClass().getClassLoader());
        Cache<String, String> cache = manager.createCache(cacheName, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setReadThrough(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(CountingLoader.class))
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS,
                        EXPIRY_MILLIS))));
        cache.get("key"); // warm-up: the first load
        AtomicLong gets = new AtomicLong();
        AtomicLong nulls = new AtomicLong();
        AtomicLong waited = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                readers.add(threads.submit(() -> {
                    for (int n = 0; n < 10_000_000 && System.nanoTime() - end < 0; n++) {
                        int loadsBefore = LOADS.get();
                        String value = cache.get("key");
                        gets.incrementAndGet();
                        if (value == null) {
                            nulls.incrementAndGet();
                        } else if (Integer.parseInt(value) > loadsBefore) {
                            waited.incrementAndGet(); // a load that began after this get did: it waited for it
                        }
                    }
                }));
            }
            for (Future<?> reader : readers) {
                reader.get(RUN_MILLIS + 20_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        Run run = new Run(gets.get(), nulls.get(), waited.get(), LOADS.get(),
                cache.unwrap(CachetteCache.class).herdCounters());
        System.out.println("HotKeyExpiryTest " + query + ": " + run);
        return run;
    }

    @Test
    void hotKeyExpiringUnder16Threads_loadsAboutOncePerExpiry() throws Exception {
        Run run = run("hot-herd", "herd.wait-ms=2000");
        assertEquals(0, run.nulls());
        // an expiry every 200 ms + the load: at most ~20 in 10 s; without herd control each expiry costs up to 16
        assertTrue(run.loads() <= RUN_MILLIS / (EXPIRY_MILLIS + LOAD_MILLIS) + 10, run.toString());
        assertTrue(run.herd().waits() > run.loads(), run.toString());
        // the callers waited for the loads: several per load (the measure the next test relies on can tell)
        assertTrue(run.waitedForALoad() > 2 * run.loads(), run.toString());
    }

    @Test
    void staleWhileRevalidate_onlyTheRefreshingCallerWaitsForTheLoader() throws Exception {
        Run run = run("hot-stale", "herd.wait-ms=2000&herd.stale-while-revalidate-ms=5000");
        assertEquals(0, run.nulls());
        assertTrue(run.loads() <= RUN_MILLIS / EXPIRY_MILLIS + 10, run.toString());
        assertTrue(run.loads() > 5, run.toString()); // it kept refreshing
        // each load has one caller that waited for it (its refresher); everyone else got the expired value (a get
        // that merely spanned a whole load on this busy machine may count too, hence not exactly loads)
        assertTrue(run.waitedForALoad() <= 2 * run.loads(), run.toString());
        assertTrue(run.herd().staleServed() > 0, run.toString());
    }
}
