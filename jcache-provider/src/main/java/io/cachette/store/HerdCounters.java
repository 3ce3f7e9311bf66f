package io.cachette.store;

/**
 * What herd control counted for one cache: how often a missing key's load was coordinated instead of repeated by
 * every caller that missed it. Monotonic since the cache was created; read through
 * {@code CachetteCache.herdCounters()}, its statistics MXBean's companion and the Micrometer binders.
 *
 * @param leasesWon    loads this cache ran as the one caller holding a key's lease (the cluster-wide right to load
 *                     it; on the local store, the JVM-wide one)
 * @param waits        callers that found another caller loading the key and waited for its value instead
 * @param waitTimeouts waits that ran out (the loading caller took longer than the wait bound, or died) and loaded
 *                     the key themselves
 * @param staleServed  reads answered with an expired value while one caller refreshed it
 *                     (stale-while-revalidate)
 */
public record HerdCounters(long leasesWon, long waits, long waitTimeouts, long staleServed) {

    /** Nothing counted: a store without herd control of its own. */
    public static final HerdCounters NONE = new HerdCounters(0, 0, 0, 0);

    /** The sum of both counts. */
    public HerdCounters plus(HerdCounters other) {
        return new HerdCounters(leasesWon + other.leasesWon, waits + other.waits,
                waitTimeouts + other.waitTimeouts, staleServed + other.staleServed);
    }
}
