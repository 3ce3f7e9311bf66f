package io.cachette.hibernate.internal;

import java.util.Objects;

/**
 * Timestamps drawn from one counter kept in the update-timestamps cache and advanced with compare-and-set: each
 * value is the larger of the counter plus one and this JVM's clock, so every region factory sharing the cache
 * gets values from one strictly increasing sequence, whatever the skew between their clocks.
 *
 * <p>Why: Hibernate's read-write protocol compares timestamps of different transactions — "did this load begin
 * after that soft lock was released?". With a clock per factory (per JVM), a load that began before a release
 * can carry a larger timestamp than the release and cache a value the release made stale. On a cache shared
 * across JVMs, the counter lives where the data does, so it is as shared as the data.
 *
 * <p>If the cache fails, or the counter is too contended to advance within {@value #MAX_ATTEMPTS} attempts, the
 * value comes from the local clock (never below a value handed out before). If the counter entry is lost it is
 * re-created from the clock; {@link #preserveAcross} keeps it across a clear of the cache.
 */
public final class CacheTimestamper implements Timestamper {

    /** Not a table space: table names cannot contain NUL. */
    static final String COUNTER_KEY = "\u0000cachette.timestamps.counter";

    static final int MAX_ATTEMPTS = 100;

    private final RegionCache cache;
    private final ClockTimestamper local;

    /**
     * @param cache the update-timestamps cache
     * @param local the clock, and the fallback when the cache fails
     */
    public CacheTimestamper(RegionCache cache, ClockTimestamper local) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public long next() {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Object current = cache.getOrThrow(COUNTER_KEY);
                long candidate = local.next();
                if (current instanceof Long counter) {
                    candidate = Math.max(candidate, counter + 1);
                    if (cache.replaceOrThrow(COUNTER_KEY, counter, candidate)) {
                        local.advancePast(candidate);
                        return candidate;
                    }
                } else if (cache.putIfAbsentOrThrow(COUNTER_KEY, candidate)) {
                    return candidate;
                }
            }
        } catch (CacheUnavailableException e) {
            // logged by the cache; fall back to the clock
        }
        return local.next();
    }

    /** Clears, then raises the counter back to at least a value taken before the clear. */
    @Override
    public void preserveAcross(Runnable clearing) {
        long before = next();
        clearing.run();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Object current = cache.getOrThrow(COUNTER_KEY);
                if (current instanceof Long counter) {
                    if (counter >= before || cache.replaceOrThrow(COUNTER_KEY, counter, before)) {
                        return;
                    }
                } else if (cache.putIfAbsentOrThrow(COUNTER_KEY, before)) {
                    return;
                }
            }
        } catch (CacheUnavailableException e) {
            // logged; the counter is re-created from the clock on next use
        }
    }
}
