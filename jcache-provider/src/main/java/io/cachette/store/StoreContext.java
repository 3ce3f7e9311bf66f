package io.cachette.store;

import java.time.Clock;
import java.util.Map;

/**
 * What a {@link StoreBackend} is given to build the store of one cache.
 *
 * @param cacheName   the cache's name
 * @param settings    the cache manager's resolved {@code cachette.*} settings; keys the cache layer knows are
 *                    already validated, backend keys (e.g. {@code cachette.memcached.*}) are the backend's to
 *                    validate
 * @param classLoader the cache manager's class loader, for deserialization
 * @param clock       the time source of expiry
 * @param listener    told of evictions and expiries the store performs by itself
 * @param maxEntries  the most entries the store keeps, or {@link #UNBOUNDED}
 * @param maxBytes    the most estimated bytes of keys and values the store keeps, or {@link #UNBOUNDED}
 * @param byReference whether the cache asked for store-by-reference: a store that copies values anyway
 *                    (memcached) may then hand every reader of an unchanged entry the same decoded instance
 *                    instead of decoding a copy for each
 */
public record StoreContext(
        String cacheName,
        Map<String, String> settings,
        ClassLoader classLoader,
        Clock clock,
        StoreListener listener,
        long maxEntries,
        long maxBytes,
        boolean byReference) {

    /** No bound. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** The context of a store-by-value cache. */
    public StoreContext(String cacheName, Map<String, String> settings, ClassLoader classLoader, Clock clock,
                        StoreListener listener, long maxEntries, long maxBytes) {
        this(cacheName, settings, classLoader, clock, listener, maxEntries, maxBytes, false);
    }
}
