package io.cachette.hibernate.internal;

/**
 * The source of Hibernate's cache timestamps ({@code RegionFactory.nextTimestamp()}): transaction start times,
 * soft-lock timeouts, item and update-timestamps values are all compared against each other, so they must come
 * from one strictly increasing source, counted in {@link #ONE_MS} units per millisecond.
 *
 * <p>Why an interface: every SessionFactory sharing a cache must draw from one increasing sequence. When the cache
 * may be shared with other JVMs the region factory takes its timestamps from the cache ({@link CacheTimestamper});
 * when it lives in this JVM alone (the local store) the JVM's clock behind one JVM-wide counter is enough and
 * costs no cache operation per session ({@link ClockTimestamper#jvmWide()}), and it is also the fallback.
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
