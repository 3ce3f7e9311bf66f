package io.cachette.jcache.internal.event;

import java.util.List;
import javax.cache.Cache;
import javax.cache.event.EventType;

/**
 * Publishes the entry events of one cache's operations, in the order the spec and the store allow: the events of
 * a local store's mutation reach asynchronous listeners from inside that mutation (under the key's lock, so the
 * events of one key keep the order of its changes), and synchronous listeners after the store changed, before the
 * operation returns. A store shared across JVMs may run a mutation more than once, so there every listener is
 * told afterwards.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheEvents<K, V> {

    private final Cache<K, V> source;
    private final EventDispatcher<K, V> dispatcher;
    /** Whether the store runs each mutation once (a local store), so events may leave from inside it. */
    private final boolean asyncInsideMutation;

    /**
     * @param storeRunsMutationsOnce whether the store runs each mutation exactly once (not shared across JVMs)
     */
    public CacheEvents(Cache<K, V> source, EventDispatcher<K, V> dispatcher, boolean storeRunsMutationsOnce) {
        this.source = source;
        this.dispatcher = dispatcher;
        this.asyncInsideMutation = storeRunsMutationsOnce;
    }

    /** Whether any listener is registered: without one, no event is built. */
    public boolean hasListeners() {
        return dispatcher.hasListeners();
    }

    /** A batch for the events of a multi-key operation, published together at its end. */
    public EventBatch<K, V> newBatch() {
        return new EventBatch<>(this);
    }

    CachetteEntryEvent<K, V> event(EventType type, K key, V value, V oldValue) {
        return new CachetteEntryEvent<>(source, type, key, value, oldValue);
    }

    /** Hands the event of a mutation to the asynchronous listeners from inside it, when the store allows. */
    void publishInsideMutation(CachetteEntryEvent<K, V> event) {
        if (asyncInsideMutation) {
            dispatcher.publishAsynchronous(List.of(event));
        }
    }

    /**
     * Publishes events after their operation: to the synchronous listeners only when the asynchronous ones
     * already had them from inside the store mutation.
     */
    void publish(List<CachetteEntryEvent<K, V>> events) {
        if (events.isEmpty()) {
            return;
        }
        if (asyncInsideMutation) {
            dispatcher.publishSynchronous(events);
        } else {
            dispatcher.publish(events);
        }
    }
}
