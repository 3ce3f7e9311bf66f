/**
 * Micrometer meters for Cachette: {@link io.cachette.micrometer.CachetteMetrics} for one cache,
 * {@link io.cachette.micrometer.CachetteCacheManagerMetrics} for every cache of a manager (those created later
 * included), and {@link io.cachette.micrometer.MemcachedMetrics} for the servers of a memcached cache manager.
 */
package io.cachette.micrometer;
