package io.cachette.store;

/**
 * Told of entries a store drops by itself: evictions count in the statistics (JCache fires no event for
 * them); expiries become {@code EXPIRED} events when the cache has listeners for them.
 */
public interface StoreListener {

    /** No-op listener. */
    StoreListener NONE = new StoreListener() { };

    /** An entry was evicted to respect the store's bound. */
    default void evicted(Object key, Object value) {
    }

    /** An expired entry was dropped, on access or by a sweep. */
    default void expired(Object key, Object value) {
    }
}
