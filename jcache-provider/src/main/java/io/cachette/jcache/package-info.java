/**
 * Cachette's JSR-107 provider: {@link io.cachette.jcache.CachetteCachingProvider} (found by
 * {@code Caching.getCachingProvider()}), {@link io.cachette.jcache.CachetteCacheManager} and
 * {@link io.cachette.jcache.CachetteCache}, the facade of the layer that owns the spec's rules once over any
 * {@link io.cachette.store.Store}; those rules live under {@code io.cachette.jcache.internal}, one package each.
 */
package io.cachette.jcache;
