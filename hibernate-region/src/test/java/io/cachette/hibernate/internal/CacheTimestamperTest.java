package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachette.jcache.CachetteCachingProvider;

/** Timestamps from a counter in the cache: one increasing sequence for every factory sharing it. */
class CacheTimestamperTest {

    private final CachingProvider provider = Caching.getCachingProvider(CachetteCachingProvider.class.getName());
    private final CacheManager manager = provider.getCacheManager(
            URI.create("cachette:timestamper-" + UUID.randomUUID()), provider.getDefaultClassLoader());
    private final Cache<Object, Object> cache = manager.createCache("timestamps", new MutableConfiguration<>());
    private final FailureLog failures = new FailureLog(new RecordingLogger(), new MutableClock(), Duration.ofMinutes(1));
    private final MutableClock behind = new MutableClock();
    private final MutableClock ahead = new MutableClock();

    @AfterEach
    void close() {
        manager.close();
    }

    private CacheTimestamper timestamper(MutableClock clock) {
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

        CacheTimestamper other = timestamper(new MutableClock());
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
}
