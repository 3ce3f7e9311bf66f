package io.cachette.memcached.store;

/**
 * What a memcached store counted since it was created: the failures it absorbed (so that they are visible
 * even though the cache carries on) and its compare-and-set conflicts.
 *
 * @param failedReads      reads that failed (server down, timeout) and were answered as misses
 * @param droppedWrites    writes and removals that failed and were dropped
 * @param rejectedPayloads items that could not be decoded (not on the deserialization allow-list, foreign, corrupt)
 *                         and were treated as misses
 * @param casConflicts     {@code compute} attempts retried because another writer changed the entry in between
 */
public record MemcachedStoreCounters(long failedReads, long droppedWrites, long rejectedPayloads, long casConflicts) {
}
