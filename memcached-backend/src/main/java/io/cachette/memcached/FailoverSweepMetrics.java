package io.cachette.memcached;

/**
 * What the sweeps of failover copies did since the client started ({@link MemcachedClient#failoverSweeps()}):
 * with {@code failure-policy=failover} and the flush on re-admission, the client deletes the copies failover left on
 * other servers after each re-admission and at start-up, and keys of a down server fail fast until a sweep is done.
 *
 * @param completed     sweeps that went over every server
 * @param failed        sweeps that failed (and were retried)
 * @param deletedCopies copies deleted
 */
public record FailoverSweepMetrics(long completed, long failed, long deletedCopies) {

    /** No sweep: a client that does not sweep. */
    public static final FailoverSweepMetrics NONE = new FailoverSweepMetrics(0, 0, 0);
}
