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
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * A Spring Boot 4 application with Actuator over HTTP (an embedded Tomcat on a random loopback port), its caches on a
 * three-server memcached cluster, configured only by properties as README shows: {@code /actuator/metrics/cache.gets}
 * carries the hits of Cachette's cache meters, the servers have meters, and {@code /actuator/health} goes DOWN (HTTP
 * 503) when no memcached server answers (killed, or paused) and UP again once they are back, with each server in the
 * details of {@code cachetteMemcached}.
 */
class CachetteActuatorTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(3);

    private static final String PROVIDER = "spring.cache.jcache.provider=io.cachette.jcache.CachetteCachingProvider";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path folder;

    private ConfigurableApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * The application on memcached, set up the README way: a Cachette properties file and Spring properties, the
     * Actuator endpoints served over HTTP.
     */
    private void startWithProperties() throws IOException {
        Path settings = folder.resolve("cachette.properties");
        Files.writeString(settings, "cachette.backend=memcached\n"
                + "cachette.memcached.servers=" + String.join(",", MEMCACHED.hostPorts()) + "\n"
                + "cachette.memcached.key-prefix=a" + UUID.randomUUID().toString().substring(0, 8) + "\n"
                + "cachette.cache-default.statistics=true\n");
        context = new SpringApplicationBuilder(PricesApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(PROVIDER, "spring.cache.jcache.config=" + settings.toUri(),
                        "spring.cache.cache-names=prices", "management.cachette.memcached.stats-interval=100ms",
                        "management.endpoints.web.exposure.include=health,metrics",
                        "management.endpoint.health.show-details=always",
                        "server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off")
                .run();
    }

    /** {@code GET path} on the application's port: its HTTP status and JSON body. */
    private Reply get(String path) {
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An HTTP reply of the Actuator: its status and JSON body. */
    private record Reply(int status, JsonNode body) {
    }

    /** {@code /actuator/health}: the application's status, with {@code cachetteMemcached} among its components. */
    private Reply health() {
        return get("/actuator/health");
    }

    /** The servers in the details of {@code cachetteMemcached}: each {@code host:port} with its state. */
    private static Map<String, String> servers(Reply health) {
        JsonNode servers = health.body().path("components").path("cachetteMemcached").path("details").path("servers");
        Map<String, String> states = new TreeMap<>();
        for (String server : servers.propertyNames()) {
            states.put(server, servers.path(server).asString());
        }
        return states;
    }

    /** The one measurement of {@code /actuator/metrics/<name>} with {@code tags} ({@code key:value}). */
    private double metric(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        Reply reply = get(path.toString());
        assertEquals(200, reply.status(), reply.body().toString());
        return reply.body().path("measurements").path(0).path("value").asDouble();
    }

    private MeterRegistry registry() {
        return context.getBean(MeterRegistry.class);
    }

    @Test
    void metricsEndpoint_cacheableCalledFiveTimes_showsFourHitsAndOneMiss() throws IOException {
        startWithProperties();
        Prices prices = context.getBean(Prices.class);

        for (int i = 0; i < 5; i++) {
            assertEquals(42, prices.price("apple"));
        }

        assertEquals(1, prices.lookups());
        assertEquals(4, metric("cache.gets", "cache:prices", "result:hit"));
        assertEquals(1, metric("cache.gets", "cache:prices", "result:miss"));
        assertEquals(1, metric("cache.puts", "cache:prices"));
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
    void healthEndpoint_everyServerRunning_isUpWithEachServer() throws IOException {
        startWithProperties();

        Reply health = health();

        assertEquals(200, health.status(), health.body().toString());
        assertEquals("UP", health.body().path("status").asString());
        Map<String, String> expected = new TreeMap<>();
        MEMCACHED.hostPorts().forEach(server -> expected.put(server, "UP"));
        assertEquals(expected, servers(health));
    }

    @Test
    void healthEndpoint_everyServerKilled_isDownThenUpOnceTheyAreBack() throws IOException {
        startWithProperties();
        for (int i = 0; i < 3; i++) {
            MEMCACHED.kill(i);
        }

        await(Duration.ofSeconds(10), "DOWN with every server killed", () -> health().status() == 503);
        Reply down = health();
        assertEquals("DOWN", down.body().path("status").asString());
        assertEquals(new TreeSet<>(MEMCACHED.hostPorts()), servers(down).keySet());
        assertTrue(servers(down).values().stream().noneMatch("UP"::equals), servers(down).toString());

        for (int i = 0; i < 3; i++) {
            MEMCACHED.restart(i);
        }
        await(Duration.ofSeconds(30), "UP again once the servers are back", () -> health().status() == 200);
        assertEquals("UP", health().body().path("status").asString());
    }

    @Test
    void healthEndpoint_everyServerPaused_isDownWhileTheyDoNotAnswerThenUp() throws IOException {
        startWithProperties();
        Reply down;
        try {
            for (int i = 0; i < 3; i++) {
                MEMCACHED.pause(i);
            }

            down = health();
        } finally {
            for (int i = 0; i < 3; i++) {
                MEMCACHED.resume(i);
            }
        }

        assertEquals(503, down.status(), down.body().toString());
        assertEquals("DOWN", down.body().path("status").asString());
        assertEquals(new TreeSet<>(MEMCACHED.hostPorts()), servers(down).keySet());
        assertTrue(servers(down).values().stream().noneMatch("UP"::equals), servers(down).toString());
        await(Duration.ofSeconds(30), "UP again once the servers answer", () -> health().status() == 200);
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
