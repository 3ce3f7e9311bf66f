package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.testing.LocalCacheManagers;
import io.cachette.testing.TestClock;

import java.time.Duration;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


/**
 * Timestamps from a counter in the cache: one increasing sequence of changes for every factory sharing it, and
 * transaction starts ordered between those changes without advancing the counter.
 */
class CacheTimestamperTest {

    private final CacheManager manager = LocalCacheManagers.fresh("timestamper");
    private final Cache<Object, Object> cache = manager.createCache("timestamps", new MutableConfiguration<>());
    private final FailureLog failures = new FailureLog(new RecordingLogger(), new TestClock(), Duration.ofMinutes(1));
    private final TestClock behind = new TestClock();
    private final TestClock ahead = new TestClock();

    @AfterEach
    void close() {
        manager.close();
    }

    private CacheTimestamper timestamper(TestClock clock) {
        return new CacheTimestamper(new RegionCache(cache, failures), new ClockTimestamper(clock));
    }

    @Test
    void next_fromFactoriesWithSkewedClocks_isOneIncreasingSequence() {
        ahead.advance(Duration.ofSeconds(5));
        CacheTimestamper fast = timestamper(ahead);
        CacheTimestamper slow = timestamper(behind);

        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 50; i++) {
            long value = (i % 3 == 0 ? fast : slow).next();
            assertTrue(value > previous, value + " after " + previous);
            previous = value;
            behind.advance(Duration.ofMillis(1));
            ahead.advance(Duration.ofMillis(1));
        }
    }

    @Test
    void next_afterTheCounterIsCleared_staysAboveEarlierValues() {
        CacheTimestamper timestamper = timestamper(behind);
        for (int i = 0; i < 10_000; i++) {
            timestamper.next(); // run the counter ahead of the clock
        }
        long before = timestamper.next();

        timestamper.preserveAcross(cache::clear);

        CacheTimestamper other = timestamper(new TestClock());
        assertTrue(other.next() > before);
    }

    @Test
    void next_whenTheCacheFails_comesFromTheClockWithoutGoingBack() {
        CacheTimestamper timestamper = timestamper(behind);
        long before = timestamper.next();
        manager.destroyCache("timestamps"); // every operation now fails

        long after = timestamper.next();

        assertTrue(after > before);
    }

    @Test
    void transactionStart_withNoChangeInBetween_readsTheCounterWithoutAdvancingIt() {
        CacheTimestamper timestamper = timestamper(behind);
        timestamper.next();
        Object counter = cache.get(CacheTimestamper.COUNTER_KEY);

        long first = timestamper.transactionStart();
        long second = timestamper(behind).transactionStart();

        assertEquals(first, second);
        assertEquals(counter, cache.get(CacheTimestamper.COUNTER_KEY));
    }

    @Test
    void transactionStart_fromFactoriesWithSkewedClocks_liesBetweenTheChangesBeforeAndAfterIt() {
        ahead.advance(Duration.ofSeconds(5));
        CacheTimestamper fast = timestamper(ahead);
        CacheTimestamper slow = timestamper(behind);

        for (int i = 0; i < 50; i++) {
            long before = (i % 2 == 0 ? fast : slow).next();
            long start = (i % 3 == 0 ? fast : slow).transactionStart();
            long after = (i % 5 == 0 ? fast : slow).next();
            assertTrue(before < start && start < after, before + " < " + start + " < " + after);
            behind.advance(Duration.ofMillis(1));
            ahead.advance(Duration.ofMillis(1));
        }
    }

    @Test
    void transactionStart_whenTheCounterLagsTheClock_advancesItToTheClock() {
        CacheTimestamper timestamper = timestamper(behind);
        timestamper.next();
        behind.advance(Duration.ofMillis(CacheTimestamper.MAX_LAG_MS + 1));

        long start = timestamper.transactionStart();

        assertTrue(start > behind.millis() * Timestamper.ONE_MS, "a lock's timeout can pass without changes");
        assertTrue((Long) cache.get(CacheTimestamper.COUNTER_KEY) < start);
    }

    @Test
    void transactionStart_whenTheCounterIsMissing_createsItBelowTheStart() {
        long start = timestamper(behind).transactionStart();

        assertTrue((Long) cache.get(CacheTimestamper.COUNTER_KEY) < start);
        assertTrue(timestamper(behind).next() > start);
    }
}
