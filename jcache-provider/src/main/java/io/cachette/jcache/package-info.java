/**
 * Cachette's JSR-107 provider: {@link io.cachette.jcache.CachetteCachingProvider} (found by
 * {@code Caching.getCachingProvider()}), {@link io.cachette.jcache.CachetteCacheManager} and
 * {@link io.cachette.jcache.CachetteCache}, which owns the spec's rules once over any
 * {@link io.cachette.store.Store}.
 */
package io.cachette.jcache;
