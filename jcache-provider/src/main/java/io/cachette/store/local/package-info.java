/**
 * The local heap store: a {@link java.util.concurrent.ConcurrentHashMap} bounded by entry count and/or
 * estimated bytes, with O(1) least-recently-used eviction whose read path takes no lock, lazy expiry on
 * access and a cheap periodic sweep. {@link io.cachette.store.local.LocalStoreBackend} is the one public
 * type; everything else is package-private.
 */
package io.cachette.store.local;
