/**
 * Failure handling of the servers, free of Netty (implementation, not API): failure detection (consecutive
 * failures), reconnect backoff with jitter, the background reconnect loop, mark-down and re-admission with its
 * flush, and the sweep of the copies failover left behind. The transport is reached through
 * {@link io.cachette.memcached.internal.health.ManagedServer}.
 */
package io.cachette.memcached.internal.health;
