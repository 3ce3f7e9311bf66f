package io.cachette.hibernate.internal;

/**
 * The source of Hibernate's cache timestamps ({@code RegionFactory.nextTimestamp()}): transaction start times,
 * soft-lock timeouts, item and update-timestamps values are all compared against each other, so they must come
 * from one strictly increasing source, counted in {@link #ONE_MS} units per millisecond.
 *
 * <p>Why an interface: on the local backend a clock read in this JVM is enough ({@link ClockTimestamper}); a
 * backend shared across JVMs supplies a cluster-wide monotonic source instead, without the region code changing.
 */
public interface Timestamper {

    /** Timestamp units per millisecond (the unit of Hibernate's own {@code SimpleTimestamper}). */
    long ONE_MS = 1 << 12;

    /** A value strictly greater than every value this timestamper returned before. */
    long next();
}
