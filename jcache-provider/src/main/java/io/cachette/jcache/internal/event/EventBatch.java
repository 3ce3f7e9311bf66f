package io.cachette.jcache.internal.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of one multi-key operation ({@code getAll} with read-through, {@code loadAll}, {@code putAll},
 * {@code removeAll}), published together once the operation is done, so that a listener gets them in one call.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventBatch<K, V> {

    private final CacheEvents<K, V> events;
    private List<CachetteEntryEvent<K, V>> batch;

    EventBatch(CacheEvents<K, V> events) {
        this.events = events;
    }

    void add(CachetteEntryEvent<K, V> event) {
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(event);
    }

    /** Publishes the events added, if any. */
    public void publish() {
        if (batch != null) {
            events.publish(batch);
        }
    }
}
