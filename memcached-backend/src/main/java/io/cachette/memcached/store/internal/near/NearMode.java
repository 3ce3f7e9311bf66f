package io.cachette.memcached.store.internal.near;

/** How a near tier proves its entries fresh ({@code cachette.memcached.near-cache.mode}). */
public enum NearMode {
    /** Every operation reads the feed head (shared by concurrent operations) before it uses a near entry. */
    STRICT,
    /** A background poller reads the head; entries are used while the last successful poll is recent enough. */
    BOUNDED
}
