package io.cachette.micrometer;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.store.MemcachedStore;

import java.util.Optional;
import javax.cache.Cache;

/**
 * The memcached backend as this module sees it: whether it is on the class path at all (it is an optional
 * dependency), and the client behind a cache. Callers check {@link #PRESENT} before calling {@link #client}, so
 * that no memcached type is loaded without the backend.
 */
final class Memcached {

    /** Whether the memcached backend is on the class path. */
    static final boolean PRESENT = present();

    private Memcached() {
    }

    private static boolean present() {
        try {
            Class.forName("io.cachette.memcached.store.MemcachedStore", false, Memcached.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The client of {@code cache}'s memcached store; empty for a cache on another store. */
    static Optional<MemcachedClient> client(Cache<?, ?> cache) {
        return store(cache).map(MemcachedStore::client);
    }

    /** {@code cache}'s memcached store; empty for a cache on another store. */
    static Optional<MemcachedStore<?, ?>> store(Cache<?, ?> cache) {
        try {
            MemcachedStore<?, ?> store = cache.unwrap(MemcachedStore.class);
            return Optional.of(store);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
