package io.cachette.jcache.internal.processor;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.Unwrap;
import io.cachette.jcache.internal.integration.ReadThrough;
import io.cachette.store.StoreEntry;

import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on: it records what the processor did (read, create,
 * load, update, remove) so that {@link EntryProcessorInvoker} applies the net effect once, with the spec's writer
 * calls, events, expiry and statistics.
 */
final class InvokeEntry<K, V> implements MutableEntry<K, V> {

    /** The net effect of a processor on its entry. */
    enum Op { NONE, ACCESS, CREATE, LOAD, UPDATE, REMOVE }

    private final K key;
    private final ReadThrough<K, V> readThrough;
    private final ByValue byValue;
    final StoreEntry<V> original;
    V value;
    Op op = Op.NONE;

    /** @param readThrough loads the value of an absent entry on {@code getValue()}; {@code null}: no read-through */
    InvokeEntry(K key, StoreEntry<V> original, ReadThrough<K, V> readThrough, ByValue byValue) {
        this.key = key;
        this.readThrough = readThrough;
        this.byValue = byValue;
        this.original = original;
        this.value = original == null ? null : original.value();
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (op == Op.NONE) {
            if (value == null) {
                V loaded = readThrough == null ? null : readThrough.load(key);
                if (loaded != null) {
                    value = loaded;
                    op = Op.LOAD;
                }
            } else {
                op = Op.ACCESS;
            }
        }
        return value == null ? null : byValue.copyOut(value);
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public void remove() {
        op = op == Op.CREATE || op == Op.LOAD ? Op.NONE : Op.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        if (newValue == null) {
            throw new NullPointerException("value");
        }
        op = original == null ? Op.CREATE : Op.UPDATE;
        value = newValue;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        return Unwrap.self(this, clazz, "a mutable entry");
    }
}
