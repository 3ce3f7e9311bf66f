package io.cachette.jcache.internal.statistics;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * Records the statistics of one cache: each operation asks {@link #start()} for its start time and hands its
 * outcome to one {@code record} method afterwards, so that no operation times or counts inline. While
 * statistics are disabled every method is one volatile read and does nothing else.
 *
 * <p>A time is recorded only for an operation that started while statistics were enabled: one enabled during
 * the operation counts it without a time.
 */
public final class StatisticsRecorder {

    /** The start time of an operation begun while statistics were disabled. */
    private static final long UNTIMED = 0L;

    private final CacheStatistics counters = new CacheStatistics();
    private volatile boolean enabled;

    /** Whether statistics are recorded. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The counters as the spec's MXBean, for the MBean server. */
    public CacheStatisticsMXBean mxBean() {
        return counters;
    }

    /** The start time of an operation, to pass to its {@code record} method. */
    public long start() {
        return enabled ? System.nanoTime() : UNTIMED;
    }

    /** A read that found its entry: a hit of {@code get}, or an entry an iterator hands out. */
    public void recordHit() {
        if (enabled) {
            counters.hits.increment();
        }
    }

    /** A read that found no entry. */
    public void recordMiss() {
        if (enabled) {
            counters.misses.increment();
        }
    }

    /** The hits and misses of a {@code getAll}, counted before its misses are loaded. */
    public void recordLookups(long hits, long misses) {
        if (enabled) {
            counters.hits.add(hits);
            counters.misses.add(misses);
        }
    }

    /** The time of a read ({@code get}, {@code getAll}) begun at {@code start}. */
    public void recordGetTime(long start) {
        if (enabled && start != UNTIMED) {
            counters.getNanos.add(System.nanoTime() - start);
        }
    }

    /** Values stored without a put operation of their own: read-through and {@code loadAll}. */
    public void recordPuts(long count) {
        if (enabled) {
            add(counters.puts, count);
        }
    }

    /** A {@code put} or {@code putAll} begun at {@code start} that stored {@code count} entries. */
    public void recordPuts(long count, long start) {
        if (enabled) {
            add(counters.puts, count);
            addTime(counters.putNanos, start);
        }
    }

    /** A {@code putIfAbsent}: a hit when the entry was there, a put when it was written; a put's time. */
    public void recordConditionalPut(boolean hit, boolean written, long start) {
        if (enabled) {
            recordHitOrMiss(hit);
            add(counters.puts, written ? 1 : 0);
            addTime(counters.putNanos, start);
        }
    }

    /** An operation that reads the entry and may replace it ({@code getAndPut}, the {@code replace}s). */
    public void recordReadAndWrite(boolean hit, boolean written, long start) {
        recordReadAndChange(hit, counters.puts, written, counters.putNanos, start);
    }

    /** A removal ({@code remove}, {@code removeAll}, an iterator's) begun at {@code start}. */
    public void recordRemovals(long count, long start) {
        if (enabled) {
            add(counters.removals, count);
            addTime(counters.removeNanos, start);
        }
    }

    /** An operation that reads the entry and may remove it ({@code remove(key, value)}, {@code getAndRemove}). */
    public void recordReadAndRemove(boolean hit, boolean removed, long start) {
        recordReadAndChange(hit, counters.removals, removed, counters.removeNanos, start);
    }

    /** An entry processor's lookup and what it did (no times: the spec times no {@code invoke}). */
    public void recordInvoke(boolean hit, boolean written, boolean removed) {
        if (enabled) {
            recordHitOrMiss(hit);
            add(counters.puts, written ? 1 : 0);
            add(counters.removals, removed ? 1 : 0);
        }
    }

    /** An entry the store evicted for its bound. */
    public void recordEviction() {
        if (enabled) {
            counters.evictions.increment();
        }
    }

    /** A hit or miss, a change if there was one, and the time as both a get's and the change's. */
    private void recordReadAndChange(boolean hit, LongAdder changes, boolean changed, LongAdder changeNanos,
                                     long start) {
        if (enabled) {
            recordHitOrMiss(hit);
            add(changes, changed ? 1 : 0);
            if (start != UNTIMED) {
                long elapsed = System.nanoTime() - start;
                counters.getNanos.add(elapsed);
                changeNanos.add(elapsed);
            }
        }
    }

    private void recordHitOrMiss(boolean hit) {
        (hit ? counters.hits : counters.misses).increment();
    }

    private static void add(LongAdder counter, long count) {
        if (count != 0) {
            counter.add(count);
        }
    }

    private static void addTime(LongAdder nanos, long start) {
        if (start != UNTIMED) {
            nanos.add(System.nanoTime() - start);
        }
    }
}
