package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.testing.TestClock;

import java.lang.System.Logger.Level;
import java.time.Duration;

import javax.cache.CacheException;

import org.junit.jupiter.api.Test;

/** Rate-limited failure reporting, driven by a hand-moved clock. */
class FailureLogTest {

    private final TestClock clock = new TestClock();
    private final RecordingLogger logger = new RecordingLogger();
    private final FailureLog log = new FailureLog(logger, clock, Duration.ofSeconds(60));
    private final CacheException failure = new CacheException("down");

    @Test
    void failed_manyTimesWithinOneInterval_warnsOnce() {
        for (int i = 0; i < 100; i++) {
            log.failed("books", "get", failure);
            clock.advance(Duration.ofMillis(100));
        }

        assertEquals(1, logger.count(Level.WARNING));
        assertEquals(99, logger.count(Level.DEBUG));
    }

    @Test
    void failed_inTheNextInterval_warnsAgainCountingTheSuppressedOnes() {
        log.failed("books", "get", failure);
        log.failed("books", "put", failure);
        log.failed("books", "put", failure);
        clock.advance(Duration.ofSeconds(60));

        log.failed("books", "get", failure);

        assertEquals(2, logger.count(Level.WARNING));
        String second = logger.entries.stream().filter(e -> e.level() == Level.WARNING).skip(1).findFirst()
                .orElseThrow().message();
        assertTrue(second.contains("2 similar failures"), second);
    }

    @Test
    void succeeded_afterAFailure_logsRecoveryOnce() {
        log.failed("books", "get", failure);

        log.succeeded("books");
        log.succeeded("books");

        assertEquals(1, logger.count(Level.INFO));
    }

    @Test
    void succeeded_withoutAFailure_logsNothing() {
        log.succeeded("books");

        assertEquals(0, logger.entries.size());
    }

    @Test
    void constructor_nonPositiveInterval_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FailureLog(logger, clock, Duration.ZERO));
    }
}
