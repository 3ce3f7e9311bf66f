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

    /**
     * A value strictly greater than every value this timestamper returned before: the time of a change (a soft
     * lock, its release, a written item, an update timestamp).
     */
    long next();

    /**
     * The time a transaction (or a session's non-transactional work) starts, which Hibernate compares with the
     * times of changes: greater than every {@link #next()} value issued — by any timestamper sharing this one's
     * sequence — before this call, and smaller than every {@code next()} value issued after it returns. Unlike
     * {@code next()} it need not increase from call to call, so it need not write shared state; by default it is
     * {@code next()}.
     */
    default long transactionStart() {
        return next();
    }

    /**
     * Runs {@code clearing}, an operation that empties the cache this timestamper may keep its state in, without
     * letting later values fall below earlier ones.
     */
    default void preserveAcross(Runnable clearing) {
        clearing.run();
    }
}
