/**
 * Statistics: {@link io.cachette.jcache.internal.statistics.StatisticsRecorder}, the one place that counts and
 * times the cache's operations (one volatile read when statistics are off), over the counters the spec's
 * {@code CacheStatisticsMXBean} reads.
 */
package io.cachette.jcache.internal.statistics;
