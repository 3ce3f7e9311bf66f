/**
 * Cachette's memcached backend: a Netty client for memcached's meta protocol (pipelined, ketama-sharded, with
 * failure handling) and the JCache {@code Store} on top of it, found by the provider through {@code ServiceLoader}
 * for {@code memcached://} URIs. Exported: the client API ({@code io.cachette.memcached}) and the store's entry
 * points ({@code io.cachette.memcached.store}); everything under {@code internal} is implementation.
 */
module io.cachette.memcached {
    requires transitive io.cachette.jcache;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;

    exports io.cachette.memcached;
    exports io.cachette.memcached.store;

    provides io.cachette.store.StoreFactory with io.cachette.memcached.store.MemcachedStoreFactory;
}
