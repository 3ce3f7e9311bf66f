package io.cachette.jcache.internal.statistics;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The counters of one cache, exposed as the spec's {@link CacheStatisticsMXBean}: what the MBean server reads.
 * Only {@link StatisticsRecorder} adds to them. {@link LongAdder}s keep contended updates cheap; times are kept
 * in nanoseconds and reported in microseconds.
 */
final class CacheStatistics implements CacheStatisticsMXBean {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder removals = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder getNanos = new LongAdder();
    final LongAdder putNanos = new LongAdder();
    final LongAdder removeNanos = new LongAdder();

    @Override
    public void clear() {
        hits.reset();
        misses.reset();
        puts.reset();
        removals.reset();
        evictions.reset();
        getNanos.reset();
        putNanos.reset();
        removeNanos.reset();
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        return percentage(getCacheHits(), getCacheMisses());
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        return percentage(getCacheMisses(), getCacheHits());
    }

    @Override
    public long getCacheGets() {
        return getCacheHits() + getCacheMisses();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        return average(getNanos.sum(), getCacheGets());
    }

    @Override
    public float getAveragePutTime() {
        return average(putNanos.sum(), getCachePuts());
    }

    @Override
    public float getAverageRemoveTime() {
        return average(removeNanos.sum(), getCacheRemovals());
    }

    /** {@code part} in percent of the gets, {@code part + other}. */
    private static float percentage(long part, long other) {
        long gets = part + other;
        return gets == 0 ? 0f : (float) part / gets * 100f;
    }

    private static float average(long nanos, long count) {
        return count == 0 ? 0f : (float) nanos / count / 1000f;
    }
}
