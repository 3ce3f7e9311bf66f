package io.cachette.micrometer.autoconfigure;

import io.cachette.jcache.CachetteCache;
import io.cachette.store.HerdCounters;
import io.cachette.testkit.MemcachedServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Herd control under Spring's {@code @Cacheable(sync = true)} (issue 17): Spring's {@code JCacheCache.get(key,
 * valueLoader)} runs the method inside {@code Cache.invoke}, which Cachette runs through
 * {@code Store.computeLoading}, on memcached leases. Two Spring Boot applications (one JVM here, each with its own
 * Cachette cache manager, so its own memcached client, as two JVMs would have) share a three-server cluster; their
 * callers missing one key at once run the method once between them.
 */
class CacheableSyncAcrossApplicationsTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(3);

    private static final String PROVIDER = "spring.cache.jcache.provider=io.cachette.jcache.CachetteCachingProvider";
    private static final int CALLERS_PER_APPLICATION = 16;
    private static final long LOAD_MILLIS = 200;
    /** How often {@link Books#title} really ran, in both applications. */
    static final AtomicInteger CALLS = new AtomicInteger();

    private final List<ConfigurableApplicationContext> applications = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2 * CALLERS_PER_APPLICATION);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        applications.forEach(ConfigurableApplicationContext::close);
        CALLS.set(0);
    }

    /**
     * An application whose Cachette cache manager is opened on the test's servers, told apart from the other
     * application's by {@code connections-per-server} (the same URI would return the same manager).
     */
    private ConfigurableApplicationContext start(int connectionsPerServer) {
        String uri = "memcached://" + String.join(",", MEMCACHED.hostPorts())
                + "?connections-per-server=" + connectionsPerServer;
        ConfigurableApplicationContext application = new SpringApplicationBuilder(BooksApplication.class)
                .web(WebApplicationType.NONE)
                .properties(PROVIDER, "spring.cache.type=jcache", "spring.main.banner-mode=off",
                        "books.cache-manager-uri=" + uri)
                .run();
        applications.add(application);
        return application;
    }

    private static HerdCounters herd(ConfigurableApplicationContext application) {
        return application.getBean(CacheManager.class).getCache("books").unwrap(CachetteCache.class).herdCounters();
    }

    /** {@value #CALLERS_PER_APPLICATION} callers in each application ask for {@code isbn} at once. */
    private List<String> storm(List<ConfigurableApplicationContext> applications, String isbn)
            throws InterruptedException, ExecutionException {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> titles = new ArrayList<>();
        for (ConfigurableApplicationContext application : applications) {
            Books books = application.getBean(Books.class);
            for (int i = 0; i < CALLERS_PER_APPLICATION; i++) {
                titles.add(threads.submit(() -> {
                    go.await();
                    return books.title(isbn);
                }));
            }
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> title : titles) {
            results.add(result(title));
        }
        return results;
    }

    @Test
    void cacheableSync_16CallersInEachOfTwoApplicationsMissingOneKey_runTheMethodOnce() throws Exception {
        List<ConfigurableApplicationContext> both = List.of(start(1), start(2));
        for (ConfigurableApplicationContext application : both) {
            assertInstanceOf(JCacheCacheManager.class,
                    application.getBean(org.springframework.cache.CacheManager.class));
        }

        List<String> titles = storm(both, "978-0");

        assertEquals(Collections.nCopies(2 * CALLERS_PER_APPLICATION, "Title of 978-0"), titles);
        assertEquals(1, CALLS.get());
        HerdCounters first = herd(both.get(0));
        HerdCounters second = herd(both.get(1));
        assertEquals(1, first.leasesWon() + second.leasesWon(), first + " " + second);
        assertEquals(0, first.waitTimeouts() + second.waitTimeouts(), first + " " + second);
    }

    /** The applications' own Micrometer registries (Spring Boot binds the cache with CachetteMetrics) agree. */
    @Test
    void cacheableSync_callersOfTwoApplicationsMissingOneKey_herdMetersShowOneLeaseInTotal() throws Exception {
        List<ConfigurableApplicationContext> both = List.of(start(1), start(2));

        storm(both, "978-1");

        double leases = 0;
        double timeouts = 0;
        for (ConfigurableApplicationContext application : both) {
            MeterRegistry registry = application.getBean(MeterRegistry.class);
            leases += registry.get("cache.herd.leases.won").tag("cache", "books").functionCounter().count();
            timeouts += registry.get("cache.herd.wait.timeouts").tag("cache", "books").functionCounter().count();
        }
        assertEquals(1, leases);
        assertEquals(0, timeouts);
        assertEquals(1, CALLS.get());
    }

    private static <T> T result(Future<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("a caller hung for 20 s", e);
        }
    }

    /** The application: auto-configuration and caching on, the books service, a Cachette cache manager bean. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    static class BooksApplication {
        @Bean
        Books books() {
            return new Books();
        }

        /** A Cachette cache manager on {@code books.cache-manager-uri}, with the cache {@code books}. */
        @Bean
        CacheManager cachetteCacheManager(Environment environment) {
            CachingProvider provider = Caching.getCachingProvider();
            CacheManager manager = provider.getCacheManager(
                    URI.create(environment.getRequiredProperty("books.cache-manager-uri")),
                    provider.getDefaultClassLoader());
            manager.createCache("books", new MutableConfiguration<>());
            return manager;
        }
    }

    /** A slow lookup, cached with {@code sync = true}; it counts how often it really runs. */
    static class Books {
        @Cacheable(cacheNames = "books", sync = true)
        public String title(String isbn) throws InterruptedException {
            CALLS.incrementAndGet();
            Thread.sleep(LOAD_MILLIS);
            return "Title of " + isbn;
        }
    }
}
