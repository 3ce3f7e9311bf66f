package io.cachette.store;

/** Told of entries a store drops by itself, for statistics (JCache fires no event on eviction). */
public interface StoreListener {

    /** No-op listener. */
    StoreListener NONE = new StoreListener() { };

    /** An entry was evicted to respect the store's bound. */
    default void evicted(Object key) {
    }

    /** An expired entry was dropped by a sweep. */
    default void expired(Object key) {
    }
}
