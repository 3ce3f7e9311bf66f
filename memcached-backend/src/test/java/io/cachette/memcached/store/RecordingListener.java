package io.cachette.memcached.store;

import io.cachette.store.StoreListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a store reports to its listener. */
final class RecordingListener implements StoreListener {

    final List<Map.Entry<Object, Object>> expired = new CopyOnWriteArrayList<>();

    @Override
    public void expired(Object key, Object value) {
        expired.add(Map.entry(key, value));
    }
}
