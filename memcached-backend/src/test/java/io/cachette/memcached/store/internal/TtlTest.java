package io.cachette.memcached.store.internal;

import io.cachette.memcached.Item;
import io.cachette.store.StoreEntry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TtlTest {

    @Test
    void seconds_roundsUpPlusOneSecond_andGoesAbsoluteBeyond30Days() {
        long now = 1_000_000L;
        assertEquals(0, Ttl.seconds(StoreEntry.ETERNAL, now));
        assertEquals(2, Ttl.seconds(now + 1, now));
        assertEquals(2, Ttl.seconds(now + 1_000, now));
        assertEquals(3, Ttl.seconds(now + 1_001, now));
        int absolute = Ttl.seconds(now + TimeUnit.DAYS.toMillis(31), now);
        long expected = (System.currentTimeMillis() + TimeUnit.DAYS.toMillis(31)) / 1000;
        assertTrue(Math.abs(absolute - expected) < 10, absolute + " vs " + expected);
    }

    @Test
    void remaining_immortalItem_isZero_andAnExpiringOneAtLeastOneSecond() {
        assertEquals(0, Ttl.remaining(item(-1)));
        assertEquals(1, Ttl.remaining(item(0)));
        assertEquals(42, Ttl.remaining(item(42)));
    }

    private static Item item(int ttlSeconds) {
        return new Item(new byte[0], 0, 1, ttlSeconds);
    }
}
