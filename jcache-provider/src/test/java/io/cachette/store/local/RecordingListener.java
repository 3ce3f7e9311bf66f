package io.cachette.store.local;

import io.cachette.store.StoreListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store listener that records what it is told, in order, from any thread. */
final class RecordingListener implements StoreListener {

    final List<Map.Entry<Object, Object>> evicted = new CopyOnWriteArrayList<>();
    final List<Map.Entry<Object, Object>> expired = new CopyOnWriteArrayList<>();

    @Override
    public void evicted(Object key, Object value) {
        evicted.add(Map.entry(key, value));
    }

    @Override
    public void expired(Object key, Object value) {
        expired.add(Map.entry(key, value));
    }

    List<Object> evictedKeys() {
        return evicted.stream().map(Map.Entry::getKey).toList();
    }

    List<Object> expiredKeys() {
        return expired.stream().map(Map.Entry::getKey).toList();
    }
}
