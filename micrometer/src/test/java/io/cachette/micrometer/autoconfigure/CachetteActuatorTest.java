package io.cachette.micrometer.autoconfigure;

import io.cachette.testkit.MemcachedServers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot 4 application with Actuator, its caches on a three-server memcached cluster, configured only by
 * properties as README shows: Cachette's cache meters carry the hits, the servers have meters, and the health
 * indicator {@code cachetteMemcached} goes DOWN when no server answers (killed, or paused) and UP again once they
 * are back.
 */
class CachetteActuatorTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(3);

    private static final String PROVIDER = "spring.cache.jcache.provider=io.cachette.jcache.CachetteCachingProvider";

    @TempDir
    Path folder;

    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    /** The application on memcached, set up the README way: a Cachette properties file and Spring properties. */
    private void startWithProperties() throws IOException {
        Path settings = folder.resolve("cachette.properties");
        Files.writeString(settings, "cachette.backend=memcached\n"
                + "cachette.memcached.servers=" + String.join(",", MEMCACHED.hostPorts()) + "\n"
                + "cachette.memcached.key-prefix=a" + UUID.randomUUID().toString().substring(0, 8) + "\n"
                + "cachette.cache-default.statistics=true\n");
        context = new SpringApplicationBuilder(PricesApplication.class)
                .web(WebApplicationType.NONE)
                .properties(PROVIDER, "spring.cache.jcache.config=" + settings.toUri(),
                        "spring.cache.cache-names=prices", "management.cachette.memcached.stats-interval=100ms",
                        "spring.main.banner-mode=off")
                .run();
    }

    private MeterRegistry registry() {
        return context.getBean(MeterRegistry.class);
    }

    private Health health() {
        return context.getBean("cachetteMemcachedHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void cacheGets_cacheableCalledFiveTimes_showsFourHitsAndOneMiss() throws IOException {
        startWithProperties();
        Prices prices = context.getBean(Prices.class);

        for (int i = 0; i < 5; i++) {
            assertEquals(42, prices.price("apple"));
        }

        assertEquals(1, prices.lookups());
        assertEquals(4, registry().get("cache.gets").tag("cache", "prices").tag("result", "hit")
                .functionCounter().count());
        assertEquals(1, registry().get("cache.gets").tag("cache", "prices").tag("result", "miss")
                .functionCounter().count());
        assertEquals(1, registry().get("cache.puts").tag("cache", "prices").functionCounter().count());
    }

    @Test
    void memcachedMeters_applicationStarted_oneSetPerServerWithItsStats() throws IOException {
        startWithProperties();
        Prices prices = context.getBean(Prices.class);
        for (int i = 0; i < 30; i++) {
            prices.price("fruit-" + i);
        }

        assertEquals(3, Search.in(registry()).name("cachette.memcached.server.up").gauges().size());
        await(Duration.ofSeconds(5), "the servers' stats show the 30 entries", () -> Search.in(registry())
                .name("cachette.memcached.server.items").gauges().stream().mapToDouble(Gauge::value).sum() >= 30);
    }

    @Test
    void health_everyServerRunning_isUpWithEachServer() throws IOException {
        startWithProperties();

        Health health = health();

        assertEquals(Status.UP, health.getStatus());
        Map<?, ?> servers = (Map<?, ?>) health.getDetails().get("servers");
        for (String server : MEMCACHED.hostPorts()) {
            assertEquals("UP", servers.get(server), servers.toString());
        }
    }

    @Test
    void health_everyServerKilled_isDownThenUpOnceTheyAreBack() throws IOException {
        startWithProperties();
        for (int i = 0; i < 3; i++) {
            MEMCACHED.kill(i);
        }

        await(Duration.ofSeconds(10), "DOWN with every server killed", () -> health().getStatus() == Status.DOWN);
        Map<?, ?> servers = (Map<?, ?>) health().getDetails().get("servers");
        assertEquals(3, servers.size(), servers.toString());
        assertTrue(servers.values().stream().noneMatch("UP"::equals), servers.toString());

        for (int i = 0; i < 3; i++) {
            MEMCACHED.restart(i);
        }
        await(Duration.ofSeconds(30), "UP again once the servers are back", () -> health().getStatus() == Status.UP);
    }

    @Test
    void health_everyServerPaused_isDownWhileTheyDoNotAnswer() throws IOException {
        startWithProperties();
        try {
            for (int i = 0; i < 3; i++) {
                MEMCACHED.pause(i);
            }

            Health health = health();

            assertEquals(Status.DOWN, health.getStatus(), health.toString());
        } finally {
            for (int i = 0; i < 3; i++) {
                MEMCACHED.resume(i);
            }
        }
        await(Duration.ofSeconds(30), "UP again once the servers answer", () -> health().getStatus() == Status.UP);
    }

    /**
     * A cache manager bean opened on {@code memcached://h1:p1,h2:p2,h3:p3}: with Spring Boot's own JCache binder
     * the application would not start (Micrometer's {@code JCacheMetrics} throws on the comma); Cachette's
     * binder provider takes its place and the cache's meters count.
     */
    @Test
    void startup_cacheManagerBeanOnACommaUri_startsAndCountsWithCachetteMetrics() {
        context = new SpringApplicationBuilder(CommaUriApplication.class)
                .web(WebApplicationType.NONE)
                .properties(PROVIDER, "spring.cache.type=jcache", "spring.main.banner-mode=off")
                .run();
        Prices prices = context.getBean(Prices.class);

        prices.price("pear");
        prices.price("pear");

        assertEquals(1, registry().get("cache.gets").tag("cache", "prices").tag("result", "hit")
                .functionCounter().count());
    }

    private static void await(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The application: auto-configuration and caching on, one cached service. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    static class PricesApplication {
        @Bean
        Prices prices() {
            return new Prices();
        }
    }

    /** The same application with its own JCache cache manager bean, opened on a comma-separated server URI. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    static class CommaUriApplication {
        @Bean
        Prices prices() {
            return new Prices();
        }

        @Bean
        CacheManager cachetteCacheManager() {
            CachingProvider provider = Caching.getCachingProvider();
            Properties properties = new Properties();
            properties.setProperty("cachette.cache-default.statistics", "true");
            properties.setProperty("cachette.memcached.key-prefix", "c" + UUID.randomUUID().toString().substring(0, 8));
            CacheManager manager = provider.getCacheManager(URI.create(MEMCACHED.uri()),
                    provider.getDefaultClassLoader(), properties);
            manager.createCache("prices", new MutableConfiguration<>());
            return manager;
        }
    }

    /** A service whose lookups are worth caching; it counts how often it really runs. */
    static class Prices {
        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("prices")
        public int price(String item) {
            lookups.incrementAndGet();
            return 42;
        }

        public int lookups() {
            return lookups.get();
        }
    }
}
