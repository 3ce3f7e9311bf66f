package io.cachette.hibernate.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Timestamper} for one JVM: milliseconds of a {@link Clock} times {@link #ONE_MS}, so up to 4096
 * strictly increasing values fit in each millisecond, never going backwards even if the clock does.
 */
public final class ClockTimestamper implements Timestamper {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public ClockTimestamper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long next() {
        long now = clock.millis() * ONE_MS;
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    /** Makes every later {@link #next()} greater than {@code issued}, a value handed out by another source. */
    void advancePast(long issued) {
        last.accumulateAndGet(issued, Math::max);
    }
}
