/** The public API of the memcached client: {@link io.cachette.memcached.MemcachedClient}, its builder and config, results, metrics and the typed exceptions. */
package io.cachette.memcached;
