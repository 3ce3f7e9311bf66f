package io.cachette.jcache.internal;

import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.Store;

/**
 * What the operation classes of one cache share, built once by {@code CachetteCache}: the store, the expiry
 * decision, by-value copying, the statistics recorder, the event publisher, and the writer ({@code null}
 * without write-through).
 *
 * @param <K> key type
 * @param <V> value type
 */
public record CacheContext<K, V>(Store<K, V> store, ExpiryDecision expiry, ByValue byValue,
                                 StatisticsRecorder statistics, CacheEvents<K, V> events,
                                 CacheWriterAdapter<K, V> writer) {
}
