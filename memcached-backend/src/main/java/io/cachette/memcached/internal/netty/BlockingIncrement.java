package io.cachette.memcached.internal.netty;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.MemcachedClient;

/**
 * A blocking counter read-or-create that may skip the client's thread hand-offs (issue 20): for the near tier's
 * change-feed head read, which an application thread waits for. Internal (not exported); implemented by
 * {@link NettyMemcachedClient}, whose {@link BlockingLane}s answer it where they safely can (a {@code delta} of 0,
 * no TLS, no authentication, the key's owner up, ...), and the Netty path everywhere else.
 */
public interface BlockingIncrement {

    /**
     * Exactly {@link BlockingMemcachedClient#join BlockingMemcachedClient.join}{@code (client.incr(key, delta,
     * initial, ttlSeconds))}: the same value, the same routing, the same exceptions.
     *
     * @see MemcachedClient#incr(String, long, long, int)
     */
    Long incrBlocking(String key, long delta, long initial, int ttlSeconds);
}
