/**
 * The near tier of memcached caches (implementation, not API): the change feed in memcached
 * ({@code ChangeFeed}, {@code FeedRecord}, the copies of its head in {@code HeadReplicas}) and the local tier that
 * follows it ({@code NearTier}).
 */
package io.cachette.memcached.store.internal.near;
