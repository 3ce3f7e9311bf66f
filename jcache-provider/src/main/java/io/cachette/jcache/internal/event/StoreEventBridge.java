package io.cachette.jcache.internal.event;

import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.StoreListener;

import javax.cache.Cache;
import javax.cache.event.EventType;

/**
 * Turns what a store drops by itself into the spec's terms: an eviction counts in the statistics (JCache fires
 * no event for it), an expiry becomes an {@code EXPIRED} event for the listeners that take one.
 *
 * @param source     the cache, as the events' source
 * @param dispatcher the cache's listeners
 * @param statistics the cache's statistics
 * @param <K>        key type
 * @param <V>        value type
 */
public record StoreEventBridge<K, V>(Cache<K, V> source, EventDispatcher<K, V> dispatcher,
                                     StatisticsRecorder statistics) implements StoreListener {

    private static final System.Logger LOG = System.getLogger(StoreEventBridge.class.getName());

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
