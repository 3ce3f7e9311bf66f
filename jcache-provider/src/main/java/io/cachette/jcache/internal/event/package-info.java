/**
 * Entry events: what one atomic operation did to its entry ({@code MutationOutcome}) and the event it makes,
 * publishing in the spec's order ({@code CacheEvents}, {@code EventBatch}), the store's own expiries and
 * evictions ({@code StoreEventBridge}), and listener registration, filtering and ordered delivery
 * ({@code EventDispatcher}).
 */
package io.cachette.jcache.internal.event;
