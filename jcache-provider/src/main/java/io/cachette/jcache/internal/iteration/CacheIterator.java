package io.cachette.jcache.internal.iteration;

import io.cachette.jcache.internal.ImmutableEntry;
import io.cachette.jcache.internal.read.Reads;
import io.cachette.jcache.internal.write.Removals;

import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/**
 * The iterator of a cache: walks the store's weakly consistent key snapshot, reads each key as the cache reads
 * (a hit, the access expiry, a copy out), skips keys that are gone by then, and removes through the cache, with
 * the writer call, statistics and event of a {@code remove}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

    private final Iterator<K> keys;
    private final Reads<K, V> reads;
    private final Removals<K, V> removals;
    private final Runnable requireOpen;
    private Cache.Entry<K, V> next;
    private K lastKey;

    /** @param requireOpen throws when the cache is closed, before a removal */
    public CacheIterator(Iterator<K> keys, Reads<K, V> reads, Removals<K, V> removals, Runnable requireOpen) {
        this.keys = keys;
        this.reads = reads;
        this.removals = removals;
        this.requireOpen = requireOpen;
    }

    @Override
    public boolean hasNext() {
        while (next == null && keys.hasNext()) {
            K key = keys.next();
            V value = reads.iterate(key);
            if (value != null) {
                next = new ImmutableEntry<>(key, value);
            }
        }
        return next != null;
    }

    @Override
    public Cache.Entry<K, V> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Cache.Entry<K, V> entry = next;
        next = null;
        lastKey = entry.getKey();
        return entry;
    }

    @Override
    public void remove() {
        if (lastKey == null) {
            throw new IllegalStateException("next() was not called");
        }
        requireOpen.run();
        K key = lastKey;
        lastKey = null;
        removals.remove(key);
    }
}
