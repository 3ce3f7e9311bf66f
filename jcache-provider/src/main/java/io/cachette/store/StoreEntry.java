package io.cachette.store;

/**
 * One stored value with its expiry time. Immutable; a store hands out the same instance until the entry
 * changes, so the cache layer may use identity to tell whether an entry changed.
 *
 * @param <V> value type
 */
public interface StoreEntry<V> {

    /** The expiry time of an entry that never expires. */
    long ETERNAL = Long.MAX_VALUE;

    V value();

    /**
     * The first epoch millisecond at which the entry is gone: it is live while {@code now < expiresAtMillis}.
     * {@link #ETERNAL} for never.
     */
    long expiresAtMillis();
}
