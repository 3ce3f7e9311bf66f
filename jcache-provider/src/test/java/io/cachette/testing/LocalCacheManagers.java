package io.cachette.testing;

import io.cachette.jcache.CachetteCachingProvider;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import java.net.URI;
import java.util.UUID;

/** Cache managers of Cachette's provider on the local store, each under a URI of its own, so tests share nothing. */
public final class LocalCacheManagers {

    private LocalCacheManagers() {
    }

    /** A new manager at {@code cachette:<name>-<random UUID>}; the caller closes it. */
    public static CacheManager fresh(String name) {
        CachingProvider provider = Caching.getCachingProvider(CachetteCachingProvider.class.getName());
        return provider.getCacheManager(URI.create("cachette:" + name + "-" + UUID.randomUUID()),
                provider.getDefaultClassLoader());
    }
}
