package io.cachette.micrometer.autoconfigure;

import io.cachette.jcache.CachetteCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.JCacheCacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import javax.cache.CacheManager;

/**
 * Cachette's meters and health in a Spring Boot application, applied when this jar is on the class path:
 * <ul>
 *   <li>with Spring Boot's cache metrics: a {@link JCacheCacheMeterBinderProvider} that binds Cachette caches with
 *       {@link io.cachette.micrometer.CachetteMetrics} (read without JMX, so any cache manager URI works) and any
 *       other JCache cache as Spring Boot would; it takes the place of Spring Boot's own;</li>
 *   <li>with the memcached backend: the servers' meters ({@link CachetteMemcachedMeterBinder}), their
 *       {@code stats} read every {@code management.cachette.memcached.stats-interval} (default 15 s);</li>
 *   <li>with the memcached backend and Spring Boot's health: the health indicator {@code cachetteMemcached}
 *       ({@link CachetteMemcachedHealthIndicator}).</li>
 * </ul>
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, CachetteCacheManager.class})
public class CachetteMetricsAutoConfiguration {

    /** The property that sets how often the memcached servers' {@code stats} are read. */
    static final String STATS_INTERVAL = "management.cachette.memcached.stats-interval";

    /** The cache meter binder provider, when Spring Boot's cache metrics are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.cache.jcache.JCacheCache",
            "org.springframework.boot.cache.metrics.JCacheCacheMeterBinderProvider"})
    static class CacheMeterBinderProviderConfiguration {

        @Bean
        JCacheCacheMeterBinderProvider cachetteCacheMeterBinderProvider() {
            return new CachetteCacheMeterBinderProvider();
        }
    }

    /** The memcached servers' meters, when the memcached backend is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.cachette.memcached.store.MemcachedStore")
    static class MemcachedMetersConfiguration {

        @Bean
        CachetteMemcachedMeterBinder cachetteMemcachedMeterBinder(ObjectProvider<CacheManager> cacheManagers,
                                                                  Environment environment) {
            Duration interval = environment.getProperty(STATS_INTERVAL, Duration.class, Duration.ofSeconds(15));
            return new CachetteMemcachedMeterBinder(cacheManagers, interval);
        }
    }

    /** The memcached health indicator, when the memcached backend and Spring Boot's health are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.cachette.memcached.store.MemcachedStore",
            "org.springframework.boot.health.contributor.HealthIndicator"})
    static class MemcachedHealthConfiguration {

        @Bean
        CachetteMemcachedHealthIndicator cachetteMemcachedHealthIndicator(ObjectProvider<CacheManager> cacheManagers) {
            return new CachetteMemcachedHealthIndicator(cacheManagers);
        }
    }
}
