package io.cachette.hibernate.internal;

import java.util.Objects;

/**
 * Timestamps drawn from one counter kept in the update-timestamps cache: every region factory sharing the cache
 * gets values from one sequence, whatever the skew between their clocks.
 *
 * <p>Why: Hibernate's read-write protocol compares timestamps of different transactions — "did this load begin
 * after that soft lock was released?". With a clock per factory (per JVM), a load that began before a release
 * can carry a larger timestamp than the release and cache a value the release made stale. On a cache shared
 * across JVMs, the counter lives where the data does, so it is as shared as the data.
 *
 * <p>Changes and transaction starts are told apart so that only changes write the counter:
 * <ul>
 *   <li>{@link #next()} (a change) advances the counter with compare-and-set to the larger of this JVM's clock
 *       and the counter plus one, rounded up to an <em>even</em> value, and returns it.</li>
 *   <li>{@link #transactionStart()} (every session opened, every transaction begun) only reads the counter and
 *       returns it made <em>odd</em> ({@code counter | 1}): greater than every change issued before the read, smaller
 *       than every change issued after it (those are even and above the counter), never equal to a change. One
 *       cache read per session instead of a read and a compare-and-set, and no contention between readers.</li>
 * </ul>
 * The trade-off: between changes the counter does not follow the clock, and soft-lock timeouts are counted in
 * timestamps, so a lock left by a JVM that died would not time out for readers while nothing changes. A
 * transaction start that finds the counter more than {@value #MAX_LAG_MS} ms behind this JVM's clock therefore
 * advances it like a change (at most about once per that interval while nothing else changes), which bounds the
 * delay to the lock timeout plus {@value #MAX_LAG_MS} ms.
 *
 * <p>If the cache fails, or the counter is too contended to advance within {@value #MAX_ATTEMPTS} attempts, the
 * value comes from the local clock (never below a value handed out before). If the counter entry is lost it is
 * re-created from the clock; {@link #preserveAcross} keeps it across a clear of the cache.
 */
public final class CacheTimestamper implements Timestamper {

    /** Not a table space: table names cannot contain NUL. */
    static final String COUNTER_KEY = "\u0000cachette.timestamps.counter";

    static final int MAX_ATTEMPTS = 100;

    /**
     * How far behind this JVM's clock a transaction start lets the counter be before advancing it: a sixth of the
     * default soft-lock timeout. Each advance is a change that near tiers must drop and re-read (for a short
     * quarantine), so while nothing else changes it should be rare: at 1 s, a fifth of the transactions of a
     * read-only load read the counter from memcached instead of the near tier.
     */
    static final long MAX_LAG_MS = 10_000;

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
                long candidate = even(local.next());
                if (current instanceof Long counter) {
                    candidate = Math.max(candidate, (counter | 1) + 1);
                    if (cache.replaceOrThrow(COUNTER_KEY, counter, candidate)) {
                        local.advancePast(candidate);
                        return candidate;
                    }
                } else if (cache.putIfAbsentOrThrow(COUNTER_KEY, candidate)) {
                    local.advancePast(candidate);
                    return candidate;
                }
            }
        } catch (CacheUnavailableException e) {
            // logged by the cache; fall back to the clock
        }
        return local.next();
    }

    @Override
    public long transactionStart() {
        try {
            Object current = cache.getOrThrow(COUNTER_KEY);
            if (current instanceof Long counter && counter >= local.now() - MAX_LAG_MS * ONE_MS) {
                long start = counter | 1;
                local.advancePast(start);
                return start;
            }
        } catch (CacheUnavailableException e) {
            return local.next(); // logged by the cache
        }
        // missing or lagging behind the clock: advance it; next() is even, so one more is below every later change
        return next() + 1;
    }

    /** The smallest even value not below {@code value}. */
    private static long even(long value) {
        return (value + 1) & ~1L;
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
