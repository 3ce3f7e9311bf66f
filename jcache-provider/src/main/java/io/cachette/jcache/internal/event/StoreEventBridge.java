package io.cachette.jcache.internal.event;

import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.StoreListener;

import javax.cache.Cache;
import javax.cache.event.EventType;

/**
 * Turns what a store drops by itself into the spec's terms: an eviction counts in the statistics (JCache fires
 * no event for it), an expiry becomes an {@code EXPIRED} event for the listeners that take one.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StoreEventBridge<K, V> implements StoreListener {

    private static final System.Logger LOG = System.getLogger(StoreEventBridge.class.getName());

    private final Cache<K, V> source;
    private final EventDispatcher<K, V> dispatcher;
    private final StatisticsRecorder statistics;

    public StoreEventBridge(Cache<K, V> source, EventDispatcher<K, V> dispatcher, StatisticsRecorder statistics) {
        this.source = source;
        this.dispatcher = dispatcher;
        this.statistics = statistics;
    }

    @Override
    public void evicted(Object key, Object value) {
        statistics.recordEviction();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void expired(Object key, Object value) {
        if (dispatcher.hasListeners(EventType.EXPIRED)) {
            try {
                dispatcher.publish(source, EventType.EXPIRED, (K) key, (V) value, (V) value);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Expiry listener of cache " + source.getName() + " failed", e);
            }
        }
    }
}
