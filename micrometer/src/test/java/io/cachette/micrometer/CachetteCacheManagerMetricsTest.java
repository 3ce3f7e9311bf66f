package io.cachette.micrometer;

import io.cachette.testkit.MemcachedServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import static io.cachette.micrometer.Meters.count;
import static io.cachette.micrometer.Meters.gauge;
import static io.cachette.micrometer.Meters.sumOfGauges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CachetteCacheManagerMetrics}: every cache of a manager, those created after binding too, and a memcached
 * manager's servers once each, with the client's counters and each server's own {@code stats}.
 */
class CachetteCacheManagerMetricsTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(3);

    private final CachingProvider provider = Caching.getCachingProvider();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private CacheManager manager;
    private CachetteCacheManagerMetrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    private CacheManager manager(String uri, String... keyValues) {
        Properties properties = new Properties();
        properties.setProperty("cachette.cache-default.statistics", "true");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        manager = provider.getCacheManager(URI.create(uri), provider.getDefaultClassLoader(), properties);
        return manager;
    }

    private CacheManager memcachedManager() {
        return manager(MEMCACHED.uri(), "cachette.memcached.key-prefix", "p" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void bind(CacheManager cacheManager) {
        metrics = new CachetteCacheManagerMetrics(cacheManager, Tags.of("app", "test"), Duration.ofMillis(100));
        metrics.bindTo(registry);
    }

    @Test
    void bindTo_cachesBeforeAndAfter_areAllBoundWithTheManagerTag() {
        CacheManager local = manager("cachette:manager-" + UUID.randomUUID());
        Cache<String, String> before = local.createCache("before", new MutableConfiguration<>());
        bind(local);
        Cache<String, String> after = local.createCache("after", new MutableConfiguration<>());

        before.put("a", "1");
        after.put("a", "1");
        after.get("a");

        String uri = local.getURI().toString();
        assertEquals(1, count(registry, "cache.puts", "cache", "before", "cache.manager", uri, "app", "test"));
        assertEquals(1, count(registry, "cache.gets", "cache", "after", "result", "hit", "cache.manager", uri));
    }

    @Test
    void bindTo_cacheDestroyedAndCreatedAgain_metersReadTheNewCache() {
        CacheManager local = manager("cachette:manager-" + UUID.randomUUID());
        bind(local);
        local.createCache("recycled", new MutableConfiguration<>()).put("a", "1");
        local.destroyCache("recycled");

        Cache<String, String> again = local.createCache("recycled", new MutableConfiguration<>());
        again.put("b", "2");
        again.put("c", "3");

        assertEquals(2, count(registry, "cache.puts", "cache", "recycled"));
        assertEquals(1, Search.in(registry).name("cache.puts").tag("cache", "recycled").meters().size());
    }

    @Test
    void close_cacheCreatedAfterwards_isNotBound() {
        CacheManager local = manager("cachette:manager-" + UUID.randomUUID());
        bind(local);
        metrics.close();

        local.createCache("late", new MutableConfiguration<>());

        assertNull(registry.find("cache.puts").tag("cache", "late").meter());
    }

    @Test
    void bindTo_threeServerManager_bindsEachServerOnceWhateverTheNumberOfCaches() {
        CacheManager cluster = memcachedManager();
        cluster.createCache("one", new MutableConfiguration<>());
        bind(cluster);
        cluster.createCache("two", new MutableConfiguration<>());

        assertEquals(3, Search.in(registry).name("cachette.memcached.server.up").gauges().size());
        for (String server : MEMCACHED.hostPorts()) {
            assertEquals(1, gauge(registry, "cachette.memcached.server.up", "server", server));
        }
        assertEquals(0, count(registry, "cachette.memcached.failover.sweeps", "result", "completed"),
                "fail-fast, the default, never sweeps");
    }

    @Test
    void serverMeters_writesAndReads_showInTheClientCountersAndTheServersStats() {
        CacheManager cluster = memcachedManager();
        Cache<String, String> cache = cluster.createCache("spread", new MutableConfiguration<>());
        bind(cluster);

        for (int i = 0; i < 60; i++) {
            cache.put("k" + i, "v" + i);
        }
        for (int i = 0; i < 60; i++) {
            cache.get("k" + i);
        }

        long timed = Search.in(registry).name("cachette.memcached.requests").timers().stream()
                .mapToLong(t -> t.count()).sum();
        assertTrue(timed >= 120, "every set and get was timed: " + timed);
        double hits = Search.in(registry).name("cachette.memcached.gets").tag("result", "hit").functionCounters()
                .stream().mapToDouble(c -> c.count()).sum();
        assertTrue(hits >= 60, "the client counted the hits of every server: " + hits);
        // the stats are read in the background: wait for a reading taken after the gets, not one between them
        Meters.await(Duration.ofSeconds(5), "the servers' stats show the 60 items and every server's hits",
                () -> sumOfGauges(registry, "cachette.memcached.server.items") >= 60
                        && MEMCACHED.hostPorts().stream().allMatch(server ->
                                gauge(registry, "cachette.memcached.server.hit.ratio", "server", server) > 0));
        for (String server : MEMCACHED.hostPorts()) {
            double memory = gauge(registry, "cachette.memcached.server.memory.used", "server", server);
            assertTrue(memory > 0 && memory < 100, server + " memory used " + memory + "%");
            double ratio = gauge(registry, "cachette.memcached.server.hit.ratio", "server", server);
            assertTrue(ratio > 0 && ratio <= 100, server + " hit ratio " + ratio + "%");
            assertTrue(gauge(registry, "cachette.memcached.server.connections", "server", server) >= 1);
            assertEquals(0, count(registry, "cachette.memcached.server.evictions", "server", server));
        }
    }

    @Test
    void serverUp_serverKilled_turnsZeroAndItsStatsNaN() {
        CacheManager cluster = memcachedManager();
        Cache<String, String> cache = cluster.createCache("outage", new MutableConfiguration<>());
        bind(cluster);
        String victim = MEMCACHED.hostPort(1);

        MEMCACHED.kill(1);
        Meters.await(Duration.ofSeconds(10), "the client marks " + victim + " down", () -> {
            cache.get("probe");
            return gauge(registry, "cachette.memcached.server.up", "server", victim) == 0;
        });
        Meters.await(Duration.ofSeconds(5), "the stats of " + victim + " are gone",
                () -> Double.isNaN(gauge(registry, "cachette.memcached.server.items", "server", victim)));
        assertEquals(1, gauge(registry, "cachette.memcached.server.up", "server", MEMCACHED.hostPort(0)));
    }
}
