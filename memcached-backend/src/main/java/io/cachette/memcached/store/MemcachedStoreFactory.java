package io.cachette.memcached.store;

import io.cachette.jcache.configuration.Settings;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreFactory;

import java.net.URI;
import java.util.Set;

/**
 * The {@link StoreFactory} of the {@code memcached} URI scheme, registered in
 * {@code META-INF/services/io.cachette.store.StoreFactory}: a cache manager URI
 * {@code memcached://host1:11211,host2:11211} (or {@code cachette.backend=memcached} with
 * {@code cachette.memcached.servers}) opens one {@link MemcachedStoreBackend} — one client — per cache manager.
 * The settings are described in {@link io.cachette.memcached.store the package documentation}.
 */
public final class MemcachedStoreFactory implements StoreFactory {

    /** The URI scheme served. */
    public static final String SCHEME = "memcached";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<String> settingKeys() {
        return MemcachedSettings.fullKeys();
    }

    @Override
    public StoreBackend open(URI uri, Settings settings, ClassLoader classLoader) {
        return new MemcachedStoreBackend(MemcachedSettings.parse(uri, settings));
    }
}
