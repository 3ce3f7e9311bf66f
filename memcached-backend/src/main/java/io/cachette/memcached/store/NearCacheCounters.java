package io.cachette.memcached.store;

/**
 * What the near tier of a memcached cache counted since it was created (all zero when it is off); see
 * {@code cachette.memcached.near-cache.*} in README.
 *
 * @param hits          reads answered by the near tier, without memcached
 * @param fills         values read from memcached and kept in the near tier
 * @param fillsRefused  values read from memcached and not kept, because the change feed named their key (or was
 *                      reset) since or shortly before the read: they may predate a change in flight
 * @param gaps          times the feed could not be followed (a missing or unreadable record, a head that went
 *                      backwards, vanished or jumped too far)
 * @param fullDrops     times the whole near tier was emptied (gaps, {@code clear()}, generation changes, the
 *                      feed's server unreachable)
 * @param unservable    reads that could not use the near tier because freshness could not be proven (strict:
 *                      the feed head could not be read; bounded: no successful poll within the bound)
 * @param published     feed records this cache manager wrote for its own changes
 * @param headReads     reads of the change feed's head by this cache manager, for all its caches (strict reads
 *                      share one per operation or per {@link io.cachette.store.ConsistentReads scope}, concurrent
 *                      ones one between them; bounded tiers one per poll)
 */
public record NearCacheCounters(long hits, long fills, long fillsRefused, long gaps, long fullDrops,
                                long unservable, long published, long headReads) {

    /** The counters of a cache without a near tier. */
    public static final NearCacheCounters NONE = new NearCacheCounters(0, 0, 0, 0, 0, 0, 0, 0);
}
