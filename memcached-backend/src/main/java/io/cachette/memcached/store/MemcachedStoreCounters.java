package io.cachette.memcached.store;

/**
 * What a memcached store counted since it was created: the failures it absorbed (so that they are visible
 * even though the cache carries on) and its compare-and-set conflicts.
 *
 * <p>An item that is read but not handed to the application counts once, in one of two counters. With
 * {@code signing-key} set, the signature is checked first: an item that fails it (unsigned, signed with another
 * key, tampered with, moved under another key) is a signature failure and is never decoded. Every other item that
 * cannot be turned back into an object is a deserialization rejection: a class the allow-list refuses, an item
 * that is not a Cachette envelope (another client's, another format version, a signed item read by a store
 * without the key), corrupt bytes, or an entry that carries another key.
 *
 * @param failedReads               reads that failed (server down, timeout) and were answered as misses
 * @param droppedWrites             writes and removals that failed and were dropped
 * @param deserializationRejections items that could not be decoded (refused by the deserialization allow-list,
 *                                  foreign, corrupt) and were treated as misses
 * @param signatureFailures         items whose signature was missing or did not verify, treated as misses
 * @param casConflicts              {@code compute} attempts retried because another writer changed the entry in
 *                                  between
 */
public record MemcachedStoreCounters(long failedReads, long droppedWrites, long deserializationRejections,
                                     long signatureFailures, long casConflicts) {
}
