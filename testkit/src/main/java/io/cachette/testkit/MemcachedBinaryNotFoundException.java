package io.cachette.testkit;

/**
 * The {@code memcached} binary that {@link LocalMemcachedServers} would run is missing or not executable; the
 * message says how to install it ({@code apt-get install memcached}). An {@link IllegalStateException} so that
 * tests fail (never skip) when memcached is missing.
 */
public final class MemcachedBinaryNotFoundException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MemcachedBinaryNotFoundException(String message) {
        super(message);
    }
}
