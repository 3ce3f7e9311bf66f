package io.cachette.memcached.store.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps "the same entry instance until the entry changes" for a remote store: maps a memcached key to the
 * entry last handed out for it, weakly, so that a later read of the same item version (same CAS and bytes)
 * returns that very instance for as long as anybody still holds it. The cache layer relies on it to tell
 * whether an entry changed between a read and a {@code compute} (e.g. to apply access expiry).
 *
 * @param <V> value type
 */
public final class EntryIdentity<V> {

    private final ConcurrentHashMap<String, Ref<V>> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<MemcachedEntry<V>> queue = new ReferenceQueue<>();

    /** The live instance already handed out for this item version, or {@code null}. */
    public MemcachedEntry<V> find(String memcachedKey, long cas, byte[] bytes) {
        purge();
        Ref<V> ref = entries.get(memcachedKey);
        if (ref == null || ref.cas != cas) {
            return null;
        }
        MemcachedEntry<V> entry = ref.get();
        return entry != null && Arrays.equals(entry.itemBytes(), bytes) ? entry : null;
    }

    /** Remembers the instance handed out for its item version. */
    public void remember(MemcachedEntry<V> entry) {
        entries.put(entry.memcachedKey(), new Ref<>(entry, queue));
    }

    /** Forgets the key, whose item just changed. */
    public void forget(String memcachedKey) {
        entries.remove(memcachedKey);
    }

    public void clear() {
        entries.clear();
    }

    @SuppressWarnings("unchecked")
    private void purge() {
        Ref<V> ref;
        while ((ref = (Ref<V>) queue.poll()) != null) {
            entries.remove(ref.memcachedKey, ref);
        }
    }

    private static final class Ref<V> extends WeakReference<MemcachedEntry<V>> {
        final String memcachedKey;
        final long cas;

        Ref(MemcachedEntry<V> entry, ReferenceQueue<MemcachedEntry<V>> queue) {
            super(entry, queue);
            this.memcachedKey = entry.memcachedKey();
            this.cas = entry.cas();
        }
    }
}
