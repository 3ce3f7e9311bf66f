package io.cachette.samples.springboot;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Boot's cache abstraction on Cachette, configured only by properties (the README's Spring Boot section):
 * {@code spring.cache.jcache.provider} names our provider, {@code spring.cache.jcache.config} a Cachette
 * properties file, and {@code @Cacheable} methods are then served from Cachette: the local store, or memcached
 * when that file says so.
 */
class SpringBootCacheableTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(2);

    private static final String PROVIDER = "spring.cache.jcache.provider=io.cachette.jcache.CachetteCachingProvider";

    @TempDir
    Path folder;

    private ConfigurableApplicationContext context;

    /** Starts the application with the local store, its settings in a class-path properties file. */
    private void startOnLocalStore() {
        context = start(PROVIDER, "spring.cache.jcache.config=classpath:cachette-spring.properties");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(CatalogApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .properties("spring.main.banner-mode=off")
                .run();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void cacheable_secondCallWithSameArgument_isServedFromCachetteWithoutCallingTheMethod() {
        startOnLocalStore();
        BookCatalog catalog = context.getBean(BookCatalog.class);

        assertEquals("Title of 42", catalog.title(42));
        assertEquals("Title of 42", catalog.title(42));
        assertEquals("Title of 7", catalog.title(7));

        assertEquals(2, catalog.lookups(), "the second title(42) came from the cache");
        Cache<Object, Object> books = cachetteManager().getCache("books");
        assertEquals("Title of 42", books.get(42L));
    }

    @Test
    void springCacheManager_isBackedByCachetteWithTheSettingsOfThePropertiesFile() {
        startOnLocalStore();
        CacheManager springManager = context.getBean(CacheManager.class);
        assertInstanceOf(JCacheCacheManager.class, springManager);

        CachetteCacheManager manager = cachetteManager();
        assertTrue(manager.getURI().toString().endsWith("cachette-spring.properties"), manager.getURI().toString());
        context.getBean(BookCatalog.class).title(1);
        @SuppressWarnings("unchecked")
        CompleteConfiguration<Object, Object> configuration =
                manager.getCache("books").getConfiguration(CompleteConfiguration.class);
        assertEquals(new Duration(TimeUnit.SECONDS, 600),
                configuration.getExpiryPolicyFactory().create().getExpiryForCreation());
    }

    @Test
    void memcachedBackend_settingsInAFile_cacheableIsServedFromMemcached() throws Exception {
        String prefix = "spring-" + UUID.randomUUID().toString().substring(0, 8);
        Path settings = folder.resolve("cachette.properties");
        Files.writeString(settings, "cachette.backend=memcached\n"
                + "cachette.memcached.servers=" + String.join(",", MEMCACHED.hostPorts()) + "\n"
                + "cachette.memcached.key-prefix=" + prefix + "\n"
                + "cachette.cache.books.expiry-seconds=600\n");
        context = start(PROVIDER, "spring.cache.jcache.config=" + settings.toUri());
        BookCatalog catalog = context.getBean(BookCatalog.class);

        assertEquals("Title of 42", catalog.title(42));
        assertEquals("Title of 42", catalog.title(42));

        assertEquals(1, catalog.lookups(), "the second title(42) came from the cache");
        Cache<Object, Object> books = cachetteManager().getCache("books");
        assertInstanceOf(MemcachedStore.class, books.unwrap(MemcachedStore.class));
        // another CacheManager on the same servers and key prefix (as another JVM would be) finds the entry
        URI sameCluster = URI.create("memcached://" + String.join(",", MEMCACHED.hostPorts()) + "?key-prefix=" + prefix);
        CachingProvider provider = Caching.getCachingProvider();
        try (javax.cache.CacheManager other = provider.getCacheManager(sameCluster, provider.getDefaultClassLoader())) {
            assertEquals("Title of 42", other.createCache("books", new MutableConfiguration<>()).get(42L));
        }
    }

    private CachetteCacheManager cachetteManager() {
        JCacheCacheManager springManager = (JCacheCacheManager) context.getBean(CacheManager.class);
        return springManager.getCacheManager().unwrap(CachetteCacheManager.class);
    }

    /** The application: auto-configuration and caching on, one cached service. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    static class CatalogApplication {
        @Bean
        BookCatalog bookCatalog() {
            return new BookCatalog();
        }
    }

    /** A service whose lookups are slow enough to be worth caching; it counts how often it really runs. */
    static class BookCatalog {
        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("books")
        public String title(long isbn) {
            lookups.incrementAndGet();
            return "Title of " + isbn;
        }

        public int lookups() {
            return lookups.get();
        }
    }
}
