/**
 * The public API of the memcached client: {@link io.cachette.memcached.MemcachedClient}, its builder and config,
 * results, metrics and the typed exceptions.
 * <p>
 * Security options of the builder: {@link io.cachette.memcached.MemcachedClientBuilder#tls TLS} to servers run
 * with {@code memcached -Z} (a Netty client {@code SslContext}; the certificate must name the configured host
 * unless hostname verification is turned off) and memcached's ASCII
 * {@link io.cachette.memcached.MemcachedClientBuilder#authentication authentication} ({@code memcached -Y});
 * refused credentials fail operations with {@link io.cachette.memcached.MemcachedAuthenticationException}.
 * <p>
 * Failure model: a down server's operations fail fast with
 * {@link io.cachette.memcached.MemcachedServerDownException}; the client reconnects in the background (backoff
 * capped at 2 s by default) and re-admits the server once every connection answers; nothing waits longer than
 * the operation timeout. {@link io.cachette.memcached.MemcachedClient#getMultiPartial} reads what the healthy
 * servers hold when some are down.
 */
package io.cachette.memcached;
