package io.cachette.micrometer;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;

import static io.cachette.micrometer.Meters.count;
import static io.cachette.micrometer.Meters.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CachetteMetrics} on the local store: the meters equal what the cache did, and what JMX shows. */
class CachetteMetricsTest {

    private final CachingProvider provider = Caching.getCachingProvider();
    private final CacheManager manager = provider.getCacheManager(
            URI.create("cachette:metrics-" + UUID.randomUUID()), provider.getDefaultClassLoader());
    private final MeterRegistry registry = new SimpleMeterRegistry();

    /** Lets the loads of {@link GateLoader} finish; a new one per test. */
    private static volatile CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void close() {
        gate.countDown();
        manager.close();
        gate = new CountDownLatch(1);
    }

    /** Loads {@code "value-" + key} once the test opens the gate (at most 10 s later). */
    public static final class GateLoader implements CacheLoader<String, String>, Serializable {
        @Override
        public String load(String key) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "value-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException("not used");
        }
    }

    private Cache<String, String> cache(String name) {
        return manager.createCache(name, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setStatisticsEnabled(true));
    }

    @Test
    void monitor_localCache_metersEqualWhatTheCacheDid() {
        Cache<String, String> cache = CachetteMetrics.monitor(registry, cache("books"), Tags.of("app", "test"));

        cache.put("a", "1");
        cache.put("b", "2");
        cache.get("a");
        cache.get("a");
        cache.get("absent");
        cache.remove("b");

        assertEquals(2, count(registry, "cache.gets", "cache", "books", "result", "hit", "app", "test"));
        assertEquals(1, count(registry, "cache.gets", "cache", "books", "result", "miss"));
        assertEquals(2, count(registry, "cache.puts", "cache", "books"));
        assertEquals(1, count(registry, "cache.removals", "cache", "books"));
        assertEquals(0, count(registry, "cache.evictions", "cache", "books"));
        assertEquals(1, gauge(registry, "cache.size", "cache", "books"));
    }

    /**
     * Two threads miss one key of a read-through cache whose statistics are off: the herd meters count the one
     * lease (the load) and the one wait, while the load is in flight and after.
     */
    @Test
    void monitor_twoThreadsMissingOneKeyOfAReadThroughCache_herdMetersCountOneLeaseAndOneWait() throws Exception {
        Cache<String, String> cache = CachetteMetrics.monitor(registry, manager.createCache("herd",
                new MutableConfiguration<String, String>().setTypes(String.class, String.class).setReadThrough(true)
                        .setCacheLoaderFactory(FactoryBuilder.factoryOf(GateLoader.class))), Tags.of("app", "test"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> loading = threads.submit(() -> cache.get("k"));
            Meters.await(Duration.ofSeconds(5), "the lease", () ->
                    count(registry, "cache.herd.leases.won", "cache", "herd", "app", "test") == 1);
            Future<String> waiting = threads.submit(() -> cache.get("k"));
            Meters.await(Duration.ofSeconds(5), "the wait", () ->
                    count(registry, "cache.herd.waits", "cache", "herd", "app", "test") == 1);
            gate.countDown();

            assertEquals("value-k", loading.get(5, TimeUnit.SECONDS));
            assertEquals("value-k", waiting.get(5, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, count(registry, "cache.herd.leases.won", "cache", "herd", "app", "test"));
        assertEquals(1, count(registry, "cache.herd.waits", "cache", "herd", "app", "test"));
        assertEquals(0, count(registry, "cache.herd.wait.timeouts", "cache", "herd", "app", "test"));
        assertEquals(0, count(registry, "cache.herd.stale.served", "cache", "herd", "app", "test"));
    }

    @Test
    void monitor_boundedLocalCache_countsEvictions() {
        Cache<Integer, Integer> cache = manager.createCache("bounded", new CachetteConfiguration<Integer, Integer>()
                .setMaxEntries(2L).setStatisticsEnabled(true));
        CachetteMetrics.monitor(registry, cache);

        for (int i = 0; i < 5; i++) {
            cache.put(i, i);
        }

        Meters.await(Duration.ofSeconds(5), "3 evictions",
                () -> count(registry, "cache.evictions", "cache", "bounded") == 3);
        assertEquals(2, gauge(registry, "cache.size", "cache", "bounded"));
    }

    @Test
    void monitor_statisticsOff_countersStayAtZero() {
        Cache<String, String> cache = manager.createCache("quiet", new MutableConfiguration<String, String>());
        CachetteMetrics.monitor(registry, cache);

        cache.put("a", "1");
        cache.get("a");

        assertEquals(0, count(registry, "cache.gets", "cache", "quiet", "result", "hit"));
        assertEquals(0, count(registry, "cache.puts", "cache", "quiet"));
    }

    @Test
    void monitor_thenStatisticsTurnedOn_countsFromThen() {
        Cache<String, String> cache = manager.createCache("later", new MutableConfiguration<String, String>());
        CachetteMetrics.monitor(registry, cache);
        cache.put("a", "1");

        manager.enableStatistics("later", true);
        cache.get("a");

        assertEquals(1, count(registry, "cache.gets", "cache", "later", "result", "hit"));
        assertEquals(0, count(registry, "cache.puts", "cache", "later"));
    }

    @Test
    void jcacheMetrics_localCache_readsTheSameValuesThroughJmx() {
        Cache<String, String> cache = cache("agree");
        MeterRegistry jmx = new SimpleMeterRegistry();
        CachetteMetrics.monitor(registry, cache);
        JCacheMetrics.monitor(jmx, cache);

        cache.put("a", "1");
        cache.get("a");
        cache.get("absent");
        cache.remove("a");

        for (String[] meter : new String[][] {{"cache.gets", "result", "hit"}, {"cache.gets", "result", "miss"},
                {"cache.puts"}, {"cache.evictions"}}) {
            String[] tags = Arrays.copyOfRange(meter, 1, meter.length);
            assertEquals(count(jmx, meter[0], tags), count(registry, meter[0], tags), String.join(" ", meter));
        }
        assertEquals(1, count(registry, "cache.gets", "result", "hit"));
        assertEquals(1, count(registry, "cache.removals"));
    }

    @Test
    void monitor_cacheOfAnotherProvider_isRefusedNamingTheCache() {
        @SuppressWarnings("unchecked")
        Cache<String, String> foreign = (Cache<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Cache.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> "foreign";
                    case "unwrap" -> throw new IllegalArgumentException("not a " + args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachetteMetrics.monitor(registry, foreign));
        assertTrue(e.getMessage().contains("foreign"), e.getMessage());
        assertNull(registry.find("cache.gets").meter());
    }
}
