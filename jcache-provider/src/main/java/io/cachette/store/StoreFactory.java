package io.cachette.store;

import java.net.URI;

/**
 * Builds stores for a backend, found through {@link java.util.ServiceLoader} by the URI scheme it serves
 * (the memcached backend serves {@code memcached:} and lives in its own jar, so this module needs no Netty).
 */
public interface StoreFactory {

    /** The URI scheme this factory serves, e.g. {@code memcached}. */
    String scheme();

    /** A backend for one cache manager: it holds shared resources (connections) until closed. */
    StoreBackend open(URI uri, java.util.Map<String, String> settings, ClassLoader classLoader);
}
