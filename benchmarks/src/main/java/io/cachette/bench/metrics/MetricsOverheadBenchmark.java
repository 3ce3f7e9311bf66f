package io.cachette.bench.metrics;

import io.cachette.bench.ThreadRandom;
import io.cachette.micrometer.CachetteCacheManagerMetrics;
import io.cachette.testkit.LocalMemcachedServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 18's overhead check: a JCache {@code get} that hits, on the local store and on one memcached server the
 * benchmark starts itself ({@link LocalMemcachedServers}), with Cachette's Micrometer binders attached and without.
 * {@code cachette}: statistics on and the whole manager bound with {@link CachetteCacheManagerMetrics} to a
 * {@link SimpleMeterRegistry} (the cache meters, and on memcached the store meters and the client's per-server
 * request timer with percentiles, which is the only meter on the request path); {@code stats-on}: statistics on, no
 * binder (the binder's own cost is the ratio to this); {@code stats-off}: statistics off, no binder (what turning
 * metrics on costs in all). {@code String → 100-char String}, 1,000 keys loaded before the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetricsOverheadBenchmark {

    static final int KEYS = 1_000;
    private static final AtomicInteger MANAGERS = new AtomicInteger();

    @Param({"cachette", "stats-on", "stats-off"})
    public String metrics;

    @Param({"local", "memcached"})
    public String store;

    private LocalMemcachedServers memcached;
    private CacheManager manager;
    private CachetteCacheManagerMetrics binder;
    private Cache<String, String> cache;
    private String[] keys;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        boolean statistics = switch (metrics) {
            case "cachette", "stats-on" -> true;
            case "stats-off" -> false;
            default -> throw new IllegalArgumentException("unknown variant '" + metrics
                    + "', expected cachette, stats-on or stats-off");
        };
        manager = manager();
        cache = manager.createCache("prices", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setStatisticsEnabled(statistics));
        if (metrics.equals("cachette")) {
            MeterRegistry registry = new SimpleMeterRegistry();
            binder = new CachetteCacheManagerMetrics(manager, Tags.of("app", "bench"));
            binder.bindTo(registry);
        }
        keys = new String[KEYS];
        String value = "v".repeat(100);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "price-" + i;
            cache.put(keys[i], value);
        }
        for (String key : keys) {
            if (cache.get(key) == null) {
                throw new IllegalStateException(store + " lost " + key + ": the gets would not all hit");
            }
        }
    }

    private CacheManager manager() throws IOException {
        CachingProvider provider = Caching.getCachingProvider("io.cachette.jcache.CachetteCachingProvider");
        Properties settings = new Properties();
        URI uri;
        switch (store) {
            case "local" -> uri = URI.create("cachette:bench-metrics-" + MANAGERS.incrementAndGet());
            case "memcached" -> {
                memcached = LocalMemcachedServers.start(1, "-t", "1", "-m", "64");
                uri = URI.create(memcached.uri());
                settings.setProperty("cachette.memcached.key-prefix", "m" + UUID.randomUUID().toString().substring(0, 8));
            }
            default -> throw new IllegalArgumentException("unknown store '" + store + "', expected local or memcached");
        }
        return provider.getCacheManager(uri, provider.getDefaultClassLoader(), settings);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (binder != null) {
            binder.close();
        }
        manager.close();
        if (memcached != null) {
            memcached.close();
        }
    }

    @Benchmark
    public String get(ThreadRandom caller) {
        return cache.get(keys[caller.nextInt(keys.length)]);
    }
}
