package io.cachette.hibernate;

/**
 * What one second-level-cache region counted since its {@link CachetteRegionFactory} started: how its soft locks
 * went (the READ_WRITE and TRANSACTIONAL protocol) and how often its cache failed. A read-only snapshot, from
 * {@link CachetteRegionFactory#regionCounters()}; a meter registry reads it through {@code cachette-micrometer}'s
 * {@code CachetteHibernateMetrics}. Regions with other access types, and the query-results and update-timestamps
 * regions, count only failures.
 *
 * @param region            the region's qualified name, which is its cache's name
 * @param softLocksPlaced   soft locks placed by a transaction changing an entry (each hides the entry from the
 *                          cache until the transaction completes)
 * @param lockContentions   soft locks placed on an entry another transaction already held locked: two
 *                          transactions changing one row at once, so neither caches its new value
 * @param putsRefusedByLock loads and inserts not cached because the entry was soft-locked (a change in progress,
 *                          or completed after the loading transaction began)
 * @param casRetries        compare-and-set writes that found the entry changed since it was read and were re-decided
 *                          (contention between sessions, or between JVMs sharing the cache)
 * @param locksLost         completions that found their soft lock gone (timed out, evicted, cleared) and left a
 *                          released lock so that no older value gets cached
 * @param locksForced       soft locks written over the entry after every compare-and-set attempt lost (extreme
 *                          contention)
 * @param cacheFailures     failures of the region's cache that Hibernate absorbed by using the database: an
 *                          operation that threw, or one that found failures the store absorbed by itself since the
 *                          previous operation (a memcached server down; the store's own meters count each one)
 */
public record RegionCounters(String region, long softLocksPlaced, long lockContentions, long putsRefusedByLock,
                             long casRetries, long locksLost, long locksForced, long cacheFailures) {
}
