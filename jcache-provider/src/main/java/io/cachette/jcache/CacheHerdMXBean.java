package io.cachette.jcache;

/**
 * Herd control's counters of one cache in JMX: the companion of its {@code CacheStatistics} MXBean,
 * which JSR-107 fixes, registered and unregistered with it (while the cache's statistics are enabled) as
 * {@code io.cachette:type=CacheHerd,CacheManager=<uri>,Cache=<name>}, the URI and name written as in the spec's
 * names. It is outside the {@code javax.cache} domain because the JCache TCK counts every bean in that domain.
 * Each attribute reads {@link CachetteCache#herdCounters()} when asked; the counts are monotonic since the cache
 * was created and count whether statistics are enabled or not.
 */
public interface CacheHerdMXBean {

    /** Loads this cache ran as the one caller holding a missing key's lease (in the cluster, or this JVM). */
    long getLeasesWon();

    /** Callers that found another caller loading a key and waited for its value instead of loading it. */
    long getWaits();

    /** Waits that ran out (the loading caller was too slow, or died) after which the caller loaded the key. */
    long getWaitTimeouts();

    /** Reads answered with an expired value while one caller refreshed it (stale-while-revalidate). */
    long getStaleServed();
}
