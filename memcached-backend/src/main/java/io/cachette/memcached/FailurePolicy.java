package io.cachette.memcached;

/** What happens to keys of a server that is marked down. */
public enum FailurePolicy {
    /**
     * Operations on its keys fail at once with {@link MemcachedServerDownException} (default): no key moves, so
     * nothing stale is served when the server comes back.
     */
    FAIL_FAST,
    /**
     * Operations go to the next usable server on the ring; the caller accepts that values written meanwhile
     * may be stale once the server is re-admitted.
     */
    FAILOVER
}
