package io.cachette.hibernate.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reports cache failures without flooding the log: the first failure of each interval is logged as a warning
 * (with the number of failures suppressed since the previous warning), the rest only at debug level; the
 * first success after a failure is logged once as recovery. Every failure is also counted per cache, for
 * {@link io.cachette.hibernate.RegionCounters#cacheFailures()}.
 *
 * <p>Why: when the cache is down every Hibernate operation fails over to the database, possibly thousands of
 * times a second; one line per interval says what is happening without turning the log into the bottleneck.
 */
public final class FailureLog {

    private static final long NEVER = Long.MIN_VALUE;

    private final Logger logger;
    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLong lastWarning = new AtomicLong(NEVER);
    private final AtomicLong suppressed = new AtomicLong();
    private final Map<String, LongAdder> failuresByCache = new ConcurrentHashMap<>();
    private volatile boolean failing;

    /**
     * @param logger   where the warnings go
     * @param clock    the time source of the interval
     * @param interval at most one warning per this much time; must be positive
     */
    public FailureLog(Logger logger, Clock clock, Duration interval) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("failure log interval must be positive: " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    /** Records one failed cache operation; logs it as a warning if none was logged in the current interval. */
    public void failed(String cacheName, String operation, RuntimeException failure) {
        failing = true;
        failuresByCache.computeIfAbsent(cacheName, name -> new LongAdder()).increment();
        long now = clock.millis();
        long last = lastWarning.get();
        if ((last == NEVER || now - last >= intervalMillis) && lastWarning.compareAndSet(last, now)) {
            long skipped = suppressed.getAndSet(0);
            logger.log(Level.WARNING, () -> "Second-level cache '" + cacheName + "' failed on " + operation
                    + "; treating it as a cache miss / skipped write and using the database"
                    + (skipped > 0 ? " (" + skipped + " similar failures not logged since the last warning)" : ""),
                    failure);
        } else {
            suppressed.incrementAndGet();
            logger.log(Level.DEBUG, () -> "Second-level cache '" + cacheName + "' failed on " + operation + ": "
                    + failure);
        }
    }

    /** Records a successful cache operation: a cheap volatile read unless the previous operation failed. */
    public void succeeded(String cacheName) {
        if (failing) {
            failing = false;
            logger.log(Level.INFO, () -> "Second-level cache '" + cacheName + "' answers again; caching resumed");
        }
    }

    /** The failures recorded for {@code cacheName}. */
    public long failures(String cacheName) {
        LongAdder failures = failuresByCache.get(cacheName);
        return failures == null ? 0 : failures.sum();
    }

    /** The caches with at least one failure recorded. */
    public Set<String> failingCaches() {
        return Set.copyOf(failuresByCache.keySet());
    }
}
