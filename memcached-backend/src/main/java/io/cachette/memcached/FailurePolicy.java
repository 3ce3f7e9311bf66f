package io.cachette.memcached;

/** What happens to keys of a server that is marked down. */
public enum FailurePolicy {
    /**
     * Operations on its keys fail at once with {@link MemcachedServerDownException} (default): no key moves, so
     * nothing stale is served when the server comes back.
     */
    FAIL_FAST,
    /**
     * Operations go to the next usable server on the ring. Once the server is re-admitted its old contents and the
     * copies left on the other servers may be stale: see {@link MemcachedClientBuilder#flushOnReadmission} and
     * {@link MemcachedClientBuilder#sweepFailoverCopies}. Processes notice an outage at different moments, so
     * across processes failover can serve stale values for a while.
     */
    FAILOVER
}
