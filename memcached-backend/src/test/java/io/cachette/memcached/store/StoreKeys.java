package io.cachette.memcached.store;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.store.internal.KeyCodec;
import io.cachette.memcached.store.internal.KeyLayout;

import java.nio.charset.StandardCharsets;

/**
 * Where a store's keys live, found from outside the store as another client would find them: the key layout
 * ({@link KeyLayout}, {@link KeyCodec}) under the cache's current generation, placed by the client's ketama ring.
 * The generation is read once, so the helper keeps working while the counter's server is down.
 */
final class StoreKeys {

    private final MemcachedClient client;
    private final String namespace;

    /** @param client a client over the store's servers; the cache must have been used (its counter seeded) */
    StoreKeys(MemcachedClient client, String cacheName) {
        KeyLayout layout = new KeyLayout("cachette", cacheName);
        Item counter = client.blocking().get(layout.generationKey());
        this.client = client;
        this.namespace = layout.namespace(Long.parseLong(new String(counter.value(), StandardCharsets.US_ASCII)
                .trim()));
    }

    /** The memcached key of {@code key}. */
    String memcachedKey(Object key) {
        return KeyLayout.key(namespace, KeyCodec.encode(key));
    }

    /** The server that holds {@code key} (ignoring health). */
    ServerAddress serverOf(Object key) {
        return client.serverFor(KeyLayout.key(namespace, KeyCodec.encode(key)));
    }
}
