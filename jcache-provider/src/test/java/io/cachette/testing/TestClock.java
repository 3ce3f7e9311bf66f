package io.cachette.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand, so that expiry, timestamp and rate-limit tests never sleep. Millisecond
 * resolution; thread-safe; {@link #withZone} views share the same moving time. Published in jcache-provider's
 * test-jar for every module's tests.
 */
public final class TestClock extends Clock {

    /** Where a clock made without a start time begins: 2026-01-01T00:00:00Z. */
    public static final long DEFAULT_START_MILLIS = 1_767_225_600_000L;

    private final AtomicLong millis;
    private final ZoneId zone;

    public TestClock() {
        this(DEFAULT_START_MILLIS);
    }

    public TestClock(long startMillis) {
        this(new AtomicLong(startMillis), ZoneOffset.UTC);
    }

    private TestClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    /** Moves the time by {@code deltaMillis} (negative: back). */
    public void advance(long deltaMillis) {
        millis.addAndGet(deltaMillis);
    }

    /** Moves the time by {@code delta} (negative: back), to the millisecond. */
    public void advance(Duration delta) {
        advance(delta.toMillis());
    }

    /** Sets the time. */
    public void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time, seen in another zone. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return new TestClock(millis, otherZone);
    }
}
