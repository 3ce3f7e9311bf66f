package io.cachette.store;

import java.time.Clock;
import java.util.Map;

/**
 * What a {@link StoreFactory} is given to build the store of one cache.
 *
 * @param cacheName  the cache's name
 * @param settings   the resolved {@code cachette.*} settings of the cache manager and this cache, already
 *                   validated by the cache layer for the keys it knows; backend keys are validated by the
 *                   factory
 * @param classLoader the cache manager's class loader, for deserialization
 * @param clock      the time source of expiry
 * @param listener   told of evictions and expiries the store performs by itself
 */
public record StoreContext(
        String cacheName,
        Map<String, String> settings,
        ClassLoader classLoader,
        Clock clock,
        StoreListener listener) {
}
