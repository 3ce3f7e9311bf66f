package io.cachette.store;

import io.cachette.jcache.configuration.Settings;

import java.net.URI;
import java.util.Set;

/**
 * Builds stores for a backend, found through {@link java.util.ServiceLoader} by the URI scheme it serves
 * (the memcached backend serves {@code memcached:} and lives in its own jar, so this module needs no Netty).
 */
public interface StoreFactory {

    /** The URI scheme this factory serves, e.g. {@code memcached}. */
    String scheme();

    /**
     * The full names of the settings this backend accepts (e.g. {@code cachette.memcached.servers}), so that
     * the documentation can be checked against what the parser takes.
     */
    default Set<String> settingKeys() {
        return Set.of();
    }

    /**
     * A backend for one cache manager: it holds shared resources (connections) until closed.
     *
     * @param uri      the cache manager's URI
     * @param settings the cache manager's resolved settings, a view of {@code cachette.*}; the keys the cache
     *                 layer knows are validated, the backend's own (e.g. {@code memcached.*}) are its to validate
     */
    StoreBackend open(URI uri, Settings settings, ClassLoader classLoader);
}
