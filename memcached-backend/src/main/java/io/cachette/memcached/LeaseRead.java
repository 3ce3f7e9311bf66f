package io.cachette.memcached;

/**
 * What {@link MemcachedClient#getOrLease} found: the item, and who was told to load it when it is a placeholder.
 *
 * <p>memcached's lease ({@code mg … N<ttl>}) creates an empty placeholder on a miss and hands the right to load
 * the key to exactly one caller ({@link #won()}); every later reader gets the placeholder with
 * {@link #alreadyWon()} until someone replaces it (with the placeholder's CAS, so that an invalidation in between
 * makes the write fail), deletes it, or its TTL ends.
 *
 * @param item       the item read or created; never {@code null}
 * @param won        the {@code W} flag: this caller holds the lease and should load the value
 * @param alreadyWon the {@code Z} flag: another caller holds the lease
 * @param stale      the {@code X} flag: the item was marked stale (an {@code md … I} invalidation)
 */
public record LeaseRead(Item item, boolean won, boolean alreadyWon, boolean stale) {

    /** Whether the item is a placeholder (an empty value, as the lease creates it) rather than a stored value. */
    public boolean placeholder() {
        return item.placeholder();
    }
}
