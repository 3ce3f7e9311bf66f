package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.testing.TestClock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Strictly increasing timestamps from a clock that may stall or go back. */
class ClockTimestamperTest {

    private final TestClock clock = new TestClock();
    private final ClockTimestamper timestamper = new ClockTimestamper(clock);

    @Test
    void next_isTheClockInUnitsOfOneMillisecond() {
        assertEquals(clock.millis() * Timestamper.ONE_MS, timestamper.next());
    }

    @Test
    void next_withinOneMillisecond_stillIncreases() {
        long first = timestamper.next();

        long second = timestamper.next();

        assertEquals(first + 1, second);
    }

    @Test
    void next_whenTheClockGoesBack_neverDecreases() {
        long before = timestamper.next();
        clock.advance(Duration.ofSeconds(-10));

        assertTrue(timestamper.next() > before);
    }

    @Test
    void next_whenTheClockMovesOn_followsIt() {
        timestamper.next();
        clock.advance(Duration.ofMillis(5));

        assertEquals(clock.millis() * Timestamper.ONE_MS, timestamper.next());
    }
}
