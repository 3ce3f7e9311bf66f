package io.cachette.jcache.internal.event;

import io.cachette.jcache.internal.Unwrap;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One entry event, as listeners receive it. For {@code REMOVED} and {@code EXPIRED} events the value is the value the entry had, as
 * JCache 1.1 says, and it is also the old value.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CachetteEntryEvent<K, V> extends CacheEntryEvent<K, V> {

    private static final long serialVersionUID = 1L;

    private final K key;
    private final V value;
    private final V oldValue;

    CachetteEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
        super(source, type);
        this.key = key;
        this.value = value;
        this.oldValue = oldValue;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public V getOldValue() {
        return oldValue;
    }

    @Override
    public boolean isOldValueAvailable() {
        return oldValue != null;
    }

    /** This event without its old value, for listeners that did not ask for it. */
    CachetteEntryEvent<K, V> withoutOldValue() {
        EventType type = getEventType();
        if (oldValue == null || type == EventType.REMOVED || type == EventType.EXPIRED) {
            return this;
        }
        return new CachetteEntryEvent<>(getSource(), type, key, value, null);
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrap.self(this, clazz, "a cache entry event");
    }

    @Override
    public String toString() {
        return "CachetteEntryEvent{" + getEventType() + ", key=" + key + ", value=" + value
                + ", oldValue=" + oldValue + "}";
    }
}
