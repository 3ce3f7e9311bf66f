package io.cachette.jcache.internal.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The counters of one cache, exposed as the spec's {@link CacheStatisticsMXBean}. {@link LongAdder}s keep
 * contended updates cheap; the cache only records while statistics are enabled. Times are in microseconds.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder getNanos = new LongAdder();
    private final LongAdder putNanos = new LongAdder();
    private final LongAdder removeNanos = new LongAdder();

    public void recordHits(long count) {
        hits.add(count);
    }

    public void recordMisses(long count) {
        misses.add(count);
    }

    public void recordPuts(long count) {
        puts.add(count);
    }

    public void recordRemovals(long count) {
        removals.add(count);
    }

    public void recordEvictions(long count) {
        evictions.add(count);
    }

    public void recordGetTime(long nanos) {
        getNanos.add(nanos);
    }

    public void recordPutTime(long nanos) {
        putNanos.add(nanos);
    }

    public void recordRemoveTime(long nanos) {
        removeNanos.add(nanos);
    }

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
        long hitCount = getCacheHits();
        long gets = hitCount + getCacheMisses();
        return gets == 0 ? 0f : (float) hitCount / gets * 100f;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long missCount = getCacheMisses();
        long gets = missCount + getCacheHits();
        return gets == 0 ? 0f : (float) missCount / gets * 100f;
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

    private static float average(long nanos, long count) {
        return count == 0 ? 0f : (float) nanos / count / 1000f;
    }
}
