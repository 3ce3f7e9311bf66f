/**
 * Cachette's Micrometer binders: cache meters in Micrometer's own naming read from Cachette's statistics (no MBean
 * lookup, so every cache manager URI works), and memcached client and server meters. Exported:
 * {@code io.cachette.micrometer}; the memcached backend is optional.
 */
module io.cachette.micrometer {
    requires io.cachette.jcache;
    requires micrometer.core;
    requires static io.cachette.memcached;

    exports io.cachette.micrometer;
}
