package io.cachette.samples.springboot;

import io.cachette.jcache.CachetteCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Boot's cache abstraction on Cachette, configured only by properties (the README's Spring Boot section):
 * {@code spring.cache.jcache.provider} names our provider, {@code spring.cache.jcache.config} a Cachette
 * properties file, and {@code @Cacheable} methods are then served from Cachette.
 */
class SpringBootCacheableTest {

    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        context = new SpringApplicationBuilder(CatalogApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.cache.jcache.provider=io.cachette.jcache.CachetteCachingProvider",
                        "spring.cache.jcache.config=classpath:cachette-spring.properties",
                        "spring.main.banner-mode=off")
                .run();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void cacheable_secondCallWithSameArgument_isServedFromCachetteWithoutCallingTheMethod() {
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
