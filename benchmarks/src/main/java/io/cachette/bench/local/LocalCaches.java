package io.cachette.bench.local;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.cachette.bench.Contenders;
import java.net.URI;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.impl.config.copy.DefaultCopierConfiguration;
import org.ehcache.impl.copy.IdentityCopier;
import org.ehcache.impl.copy.SerializingCopier;
import org.ehcache.jsr107.Eh107Configuration;

/**
 * Opens a bounded {@code Long → String} JCache of each local contender, configured the way its own documentation
 * says to bound it. Each provider is named by class, since several are on the class path.
 */
public enum LocalCaches {

    /** Cachette's local LRU store, bounded with {@code cachette.cache.<name>.max-entries}. */
    CACHETTE("cachette") {
        @Override
        Cache<Long, String> create(CacheManager ignored, String name, long bound, boolean byValue) {
            throw new AssertionError("opened in open()");
        }

        @Override
        public Open open(long bound, boolean byValue) {
            String providerClass = Contenders.firstPresent(Contenders.markers("local", "cachette"));
            if (providerClass == null) {
                throw new IllegalStateException("Cachette's JCache provider is not on the class path of this build");
            }
            CachingProvider provider = Caching.getCachingProvider(providerClass);
            String name = "bench-" + MANAGERS.incrementAndGet();
            Properties properties = new Properties();
            properties.setProperty("cachette.cache." + name + ".max-entries", Long.toString(bound));
            CacheManager manager = provider.getCacheManager(
                    URI.create("cachette:bench-" + MANAGERS.incrementAndGet()), provider.getDefaultClassLoader(), properties);
            MutableConfiguration<Long, String> configuration = new MutableConfiguration<Long, String>()
                    .setTypes(Long.class, String.class)
                    .setStoreByValue(byValue);
            return new Open(manager, manager.createCache(name, configuration));
        }
    },

    /** Caffeine's JCache adapter, bounded with {@link CaffeineConfiguration#setMaximumSize}. */
    CAFFEINE("caffeine") {
        @Override
        Cache<Long, String> create(CacheManager manager, String name, long bound, boolean byValue) {
            CaffeineConfiguration<Long, String> configuration = new CaffeineConfiguration<Long, String>()
                    .setTypes(Long.class, String.class);
            configuration.setStoreByValue(byValue);
            configuration.setMaximumSize(OptionalLong.of(bound));
            return manager.createCache(name, configuration);
        }
    },

    /**
     * Ehcache 3 through its JSR-107 layer, bounded with a heap resource pool. By value it gets the copiers its
     * JSR-107 layer picks itself for these types (identity for immutable {@code Long}/{@code String}, serializing
     * otherwise), so both modes behave as a {@code MutableConfiguration} would.
     */
    EHCACHE("ehcache") {
        @Override
        Cache<Long, String> create(CacheManager manager, String name, long bound, boolean byValue) {
            CacheConfigurationBuilder<Long, String> builder = CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(Long.class, String.class, ResourcePoolsBuilder.heap(bound));
            if (byValue) {
                builder = builder
                        .withService(new DefaultCopierConfiguration<>(IdentityCopier.identityCopier(), DefaultCopierConfiguration.Type.KEY))
                        .withService(new DefaultCopierConfiguration<>(IdentityCopier.identityCopier(), DefaultCopierConfiguration.Type.VALUE));
            }
            return manager.createCache(name, Eh107Configuration.fromEhcacheCacheConfiguration(builder.build()));
        }
    };

    private static final AtomicInteger MANAGERS = new AtomicInteger();

    private final String contender;

    LocalCaches(String contender) {
        this.contender = contender;
    }

    /** The contender name used as JMH parameter and in the result table. */
    public String contender() {
        return contender;
    }

    /** The contender named {@code name} ({@code cachette}, {@code caffeine}, {@code ehcache}). */
    public static LocalCaches named(String name) {
        for (LocalCaches cache : values()) {
            if (cache.contender.equals(name)) {
                return cache;
            }
        }
        throw new IllegalArgumentException("unknown local cache '" + name + "', expected cachette, caffeine or ehcache");
    }

    abstract Cache<Long, String> create(CacheManager manager, String name, long bound, boolean byValue);

    /** The contender's cache manager holding a new cache bounded at {@code bound} entries; close it after use. */
    public Open open(long bound, boolean byValue) {
        String providerClass = Contenders.markers("local", contender);
        CachingProvider provider = Caching.getCachingProvider(providerClass);
        // the default URI: Ehcache reads any other URI as the location of an XML configuration
        CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
        return new Open(manager, create(manager, "bench-" + MANAGERS.incrementAndGet(), bound, byValue));
    }

    /** An open cache and the manager that owns it; closing closes the manager. */
    public record Open(CacheManager manager, Cache<Long, String> cache) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }
}
