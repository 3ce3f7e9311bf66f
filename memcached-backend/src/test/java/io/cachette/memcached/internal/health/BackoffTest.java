package io.cachette.memcached.internal.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exponential growth, the cap, and the jitter range of reconnect delays. */
class BackoffTest {

    private final Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
    private final Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999999);

    @Test
    void delay_doublesPerAttempt_withinHalfToFullOfTheCeiling() {
        assertEquals(50, lowest.delayMillis(0));
        assertEquals(99, highest.delayMillis(0));
        assertEquals(100, lowest.delayMillis(1));
        assertEquals(199, highest.delayMillis(1));
        assertEquals(400, lowest.delayMillis(3));
    }

    @Test
    void delay_isCappedAtTheMaximum() {
        assertEquals(5_000, lowest.delayMillis(20));
        assertEquals(9_999, highest.delayMillis(20));
        assertEquals(5_000, lowest.delayMillis(Integer.MAX_VALUE));
    }
}
