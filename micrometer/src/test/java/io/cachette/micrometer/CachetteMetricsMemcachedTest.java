package io.cachette.micrometer;

import io.cachette.testkit.MemcachedServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.config.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;

import static io.cachette.micrometer.Meters.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link CachetteMetrics} on memcached, one server and three: the cache meters equal what the cache did under a
 * {@code memcached://h1:p1,h2:p2,h3:p3} URI too, where Micrometer's own {@code JCacheMetrics} cannot bind; the
 * store's meters count what it absorbed.
 */
class CachetteMetricsMemcachedTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(3);

    private final CachingProvider provider = Caching.getCachingProvider();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final String keyPrefix = "m" + UUID.randomUUID().toString().substring(0, 8);
    private final List<CacheManager> writers = new ArrayList<>();
    private CacheManager manager;

    @AfterEach
    void close() {
        writers.forEach(CacheManager::close);
        if (manager != null) {
            manager.close();
        }
    }

    /** A manager over the first {@code servers} servers, keys under a prefix of its own. */
    private CacheManager manager(int servers, String... settings) {
        URI uri = URI.create("memcached://" + String.join(",", MEMCACHED.hostPorts().subList(0, servers)));
        manager = provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties(settings));
        return manager;
    }

    /**
     * Another manager on the first server, under the same key prefix (so it writes the entries the test's manager
     * reads), as another JVM with other settings would be: a URI of its own keeps the provider from handing out
     * the test's manager.
     */
    private Cache<String, Object> writer(String name, String... settings) {
        URI uri = URI.create("memcached://" + MEMCACHED.hostPorts().get(0) + "?connections-per-server=2");
        CacheManager writer = provider.getCacheManager(uri, provider.getDefaultClassLoader(), properties(settings));
        writers.add(writer);
        return writer.createCache(name, new MutableConfiguration<>());
    }

    private Properties properties(String... settings) {
        Properties properties = new Properties();
        properties.setProperty("cachette.memcached.key-prefix", keyPrefix);
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return properties;
    }

    private Cache<String, String> cache(int servers, String name) {
        return manager(servers).createCache(name, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setStatisticsEnabled(true));
    }

    /** The rejection meters of {@code cache}: deserialization rejections, then signature failures. */
    private List<Double> rejectionMeters(String cache) {
        return List.of(count(registry, "cachette.store.deserialization.rejections", "cache", cache),
                count(registry, "cachette.store.signature.failures", "cache", cache));
    }

    /** A cache on the first server, of a manager with {@code settings}. */
    private Cache<String, Object> cacheWith(String name, String... settings) {
        return manager(1, settings).createCache(name, new MutableConfiguration<String, Object>()
                .setStatisticsEnabled(true));
    }

    @ParameterizedTest(name = "{0} server(s)")
    @ValueSource(ints = {1, 3})
    void monitor_memcachedCache_metersEqualWhatTheCacheDid(int servers) {
        Cache<String, String> cache = CachetteMetrics.monitor(registry, cache(servers, "prices"));

        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, "v" + i);
        }
        for (int i = 0; i < 10; i++) {
            cache.get("k" + i);
        }
        cache.get("absent-1");
        cache.get("absent-2");
        cache.remove("k0");

        assertEquals(10, count(registry, "cache.gets", "cache", "prices", "result", "hit"));
        assertEquals(2, count(registry, "cache.gets", "cache", "prices", "result", "miss"));
        assertEquals(10, count(registry, "cache.puts", "cache", "prices"));
        assertEquals(1, count(registry, "cache.removals", "cache", "prices"));
        assertEquals(0, count(registry, "cache.evictions", "cache", "prices"));
    }

    @Test
    void monitor_memcachedCache_hasNoSizeMeter() {
        CachetteMetrics.monitor(registry, cache(1, "unsized"));
        assertNull(registry.find("cache.size").meter(), "memcached cannot count one cache's entries cheaply");
    }

    /**
     * The third finding: Micrometer's {@code JCacheMetrics} builds the statistics MBean's name itself
     * from the manager URI, replacing only {@code :}, so a URI listing servers with commas makes its constructor
     * throw before it looks anything up. Our MBean is registered, under the name the JCache TCK expects; the
     * remedy is {@link CachetteMetrics}, which the Spring Boot auto-configuration uses for Cachette caches.
     */
    @Test
    void jcacheMetrics_threeServerUri_isRefusedByMicrometerWhileOurMBeanIsThere() throws Exception {
        Cache<String, String> cache = cache(3, "prices");
        cache.put("k", "v");

        assertThrows(InvalidConfigurationException.class, () -> JCacheMetrics.monitor(registry, cache));

        String safeUri = manager.getURI().toString().replaceAll("[,:=\n]", ".");
        ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager=" + safeUri + ",Cache=prices");
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "CachePuts"));
        CachetteMetrics.monitor(registry, cache);
        assertEquals(1, count(registry, "cache.puts", "cache", "prices"));
    }

    @Test
    void jcacheMetrics_oneServerUri_readsTheSameValuesThroughJmx() {
        Cache<String, String> cache = cache(1, "agree");
        MeterRegistry jmx = new SimpleMeterRegistry();
        CachetteMetrics.monitor(registry, cache);
        JCacheMetrics.monitor(jmx, cache);

        cache.put("a", "1");
        cache.get("a");
        cache.get("absent");

        assertEquals(count(jmx, "cache.gets", "result", "hit"), count(registry, "cache.gets", "result", "hit"));
        assertEquals(count(jmx, "cache.gets", "result", "miss"), count(registry, "cache.gets", "result", "miss"));
        assertEquals(count(jmx, "cache.puts"), count(registry, "cache.puts"));
        assertEquals(1, count(registry, "cache.gets", "result", "hit"));
    }

    @Test
    void storeMeters_serverKilled_countTheFailedReadsAndDroppedWrites() {
        Cache<String, String> cache = CachetteMetrics.monitor(registry, cache(1, "outage"));
        cache.put("warm", "up");
        assertEquals(0, count(registry, "cachette.store.failed.reads", "cache", "outage"));

        MEMCACHED.kill(0);
        Meters.await(Duration.ofSeconds(10), "the client notices the server is gone", () -> {
            cache.get("probe");
            return count(registry, "cachette.store.failed.reads", "cache", "outage") > 0;
        });
        double failedReads = count(registry, "cachette.store.failed.reads", "cache", "outage");
        double droppedWrites = count(registry, "cachette.store.dropped.writes", "cache", "outage");
        cache.get("a");
        cache.get("b");
        cache.put("c", "3");

        assertEquals(failedReads + 2, count(registry, "cachette.store.failed.reads", "cache", "outage"));
        assertEquals(droppedWrites + 1, count(registry, "cachette.store.dropped.writes", "cache", "outage"));
        assertEquals(List.of(0.0, 0.0), rejectionMeters("outage"), "deserialization rejections, signature failures");
        assertEquals(0, count(registry, "cachette.store.cas.conflicts", "cache", "outage"));
    }

    @Test
    void storeMeters_classRefusedByTheAllowList_countsOnlyAsADeserializationRejection() {
        Cache<String, Object> cache = CachetteMetrics.monitor(registry, cacheWith("refusing",
                "cachette.memcached.deserialization.deny", "java.util.ArrayList"));
        writer("refusing").put("list", new ArrayList<>(List.of(1, 2)));

        assertNull(cache.get("list"));

        assertEquals(List.of(1.0, 0.0), rejectionMeters("refusing"), "deserialization rejections, signature failures");
    }

    @Test
    void storeMeters_itemSignedWithAnotherKey_countsOnlyAsASignatureFailure() {
        Cache<String, Object> cache = CachetteMetrics.monitor(registry, cacheWith("signed",
                "cachette.memcached.signing-key", "0123456789abcdef-the-readers-key"));
        writer("signed", "cachette.memcached.signing-key", "fedcba9876543210-another-key").put("k", "planted");

        assertNull(cache.get("k"));

        assertEquals(List.of(0.0, 1.0), rejectionMeters("signed"), "deserialization rejections, signature failures");
    }
}
