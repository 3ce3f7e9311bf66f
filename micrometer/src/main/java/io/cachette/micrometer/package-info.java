/**
 * Micrometer meters for Cachette: {@link io.cachette.micrometer.CachetteMetrics} for one cache,
 * {@link io.cachette.micrometer.CachetteCacheManagerMetrics} for every cache of a manager (those created later
 * included), {@link io.cachette.micrometer.MemcachedMetrics} for the servers of a memcached cache manager, and
 * {@link io.cachette.micrometer.CachetteHibernateMetrics} for the soft locks of Hibernate regions.
 */
package io.cachette.micrometer;
