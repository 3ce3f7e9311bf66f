/** Failure detection (consecutive failures), reconnect backoff with jitter and the background reconnect loop; free of Netty. */
package io.cachette.memcached.health;
