package io.cachette.hibernate.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Timestamper} for one JVM: milliseconds of a {@link Clock} times {@link #ONE_MS}, so up to 4096
 * strictly increasing values fit in each millisecond, never going backwards even if the clock does.
 *
 * <p>{@link #jvmWide()} is the one instance over the system clock that every region factory in the JVM shares,
 * as Hibernate's own {@code SimpleTimestamper} is: values within a millisecond are only comparable when they come
 * from one counter, and factories that share a local-store CacheManager compare each other's values. A static
 * instance is the exception to our no-singletons habit because what it models — this JVM's clock — is one per
 * JVM; everything else takes a clock through the constructor.
 */
public final class ClockTimestamper implements Timestamper {

    private static final ClockTimestamper JVM_WIDE = new ClockTimestamper(Clock.systemUTC());

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public ClockTimestamper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The timestamper over the system clock shared by every region factory in this JVM. */
    public static ClockTimestamper jvmWide() {
        return JVM_WIDE;
    }

    @Override
    public long next() {
        long now = clock.millis() * ONE_MS;
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    /** The clock now, in timestamp units, without handing out a value. */
    long now() {
        return clock.millis() * ONE_MS;
    }

    /** Makes every later {@link #next()} greater than {@code issued}, a value handed out by another source. */
    void advancePast(long issued) {
        if (last.get() < issued) { // a read first: most calls change nothing and need not write
            last.accumulateAndGet(issued, Math::max);
        }
    }
}
