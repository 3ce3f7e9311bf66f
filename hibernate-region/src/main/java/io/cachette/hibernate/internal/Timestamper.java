package io.cachette.hibernate.internal;

/**
 * The source of Hibernate's cache timestamps ({@code RegionFactory.nextTimestamp()}): transaction start times,
 * soft-lock timeouts, item and update-timestamps values are all compared against each other, so they must come
 * from one strictly increasing source, counted in {@link #ONE_MS} units per millisecond.
 *
 * <p>Why an interface: the region factory takes its timestamps from the cache ({@link CacheTimestamper}), so that
 * every SessionFactory sharing the cache — in this JVM or, on a shared backend, in others — draws from one
 * increasing sequence; a clock read in this JVM ({@link ClockTimestamper}) is the fallback.
 */
public interface Timestamper {

    /** Timestamp units per millisecond (the unit of Hibernate's own {@code SimpleTimestamper}). */
    long ONE_MS = 1 << 12;

    /** A value strictly greater than every value this timestamper returned before. */
    long next();

    /**
     * Runs {@code clearing}, an operation that empties the cache this timestamper may keep its state in, without
     * letting later values fall below earlier ones.
     */
    default void preserveAcross(Runnable clearing) {
        clearing.run();
    }
}
