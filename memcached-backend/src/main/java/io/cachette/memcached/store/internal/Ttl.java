package io.cachette.memcached.store.internal;

import io.cachette.memcached.Item;
import io.cachette.store.StoreEntry;

/**
 * memcached's TTL arithmetic: its clock ticks in whole seconds, a TTL up to 30 days is relative and a larger one
 * is an absolute unix time (the server's own clock, hence the system clock there).
 */
public final class Ttl {

    static final int SECONDS_30_DAYS = 30 * 24 * 60 * 60;

    private Ttl() {
    }

    /**
     * The TTL for an expiry time: whole seconds rounded up, plus one (so the server never drops an entry early);
     * absolute beyond 30 days; 0 (never) for {@link StoreEntry#ETERNAL}.
     */
    public static int seconds(long expiresAtMillis, long nowMillis) {
        if (expiresAtMillis == StoreEntry.ETERNAL) {
            return 0;
        }
        long remaining = expiresAtMillis - nowMillis;
        long seconds = (remaining + 999) / 1000 + 1;
        if (seconds <= SECONDS_30_DAYS) {
            return (int) seconds;
        }
        long absolute = (System.currentTimeMillis() + remaining + 999) / 1000 + 1;
        return absolute > Integer.MAX_VALUE ? 0 : (int) absolute;
    }

    /** The TTL that writes {@code item} back with the time it has left (at least one second). */
    static int remaining(Item item) {
        return item.immortal() ? 0 : Math.max(1, item.ttlSeconds());
    }
}
