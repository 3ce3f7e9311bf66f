/**
 * Cachette's JCache (JSR-107) provider and its local store. Exported: the provider, manager and cache
 * ({@code io.cachette.jcache}), their configuration and the one settings view, the {@code Copier} SPI, and the
 * {@code Store} SPI that backends such as {@code io.cachette.memcached} implement. Everything under
 * {@code io.cachette.jcache.internal} and the local store ({@code io.cachette.store.local}) is implementation; the local store is exported to the memcached backend alone,
 * which uses it as its near tier.
 */
module io.cachette.jcache {
    requires transitive cache.api;
    requires java.management;

    exports io.cachette.jcache;
    exports io.cachette.jcache.configuration;
    exports io.cachette.jcache.copy;
    exports io.cachette.store;
    // the memcached backend keeps its near tier in the local store; for nobody else
    exports io.cachette.store.local to io.cachette.memcached;

    uses io.cachette.store.StoreFactory;

    provides javax.cache.spi.CachingProvider with io.cachette.jcache.CachetteCachingProvider;
}
