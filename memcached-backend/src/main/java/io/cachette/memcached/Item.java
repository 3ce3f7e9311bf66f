package io.cachette.memcached;

/**
 * A value read from memcached with its metadata.
 *
 * @param value       the stored bytes (never {@code null}; owned by the caller)
 * @param flags       the 32-bit client flags stored with the value (unsigned on the wire)
 * @param cas         the item's CAS token, for {@link MemcachedClient#cas}
 * @param ttlSeconds  remaining time to live in seconds, {@code -1} when the item never expires
 */
public record Item(byte[] value, int flags, long cas, int ttlSeconds) {

    /**
     * Whether the value is empty, as the placeholder memcached's lease creates on a miss
     * ({@link MemcachedClient#getOrLease}) is.
     */
    public boolean placeholder() {
        return value.length == 0;
    }

    /** Whether the item never expires. */
    public boolean immortal() {
        return ttlSeconds == -1;
    }
}
