package io.cachette.memcached.testing;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;

/** Keys a client's ring sends to a chosen server, for tests that stop that server or look at it alone. */
public final class RoutedKeys {

    private static final int ATTEMPTS = 10_000;

    private RoutedKeys() {
    }

    /** The first of {@code prefix0}, {@code prefix1}, … that {@code client} routes to {@code server}. */
    public static String on(MemcachedClient client, ServerAddress server, String prefix) {
        for (int i = 0; i < ATTEMPTS; i++) {
            String key = prefix + i;
            if (client.serverFor(key).equals(server)) {
                return key;
            }
        }
        throw new AssertionError("none of " + ATTEMPTS + " keys '" + prefix + "N' is routed to " + server);
    }
}
