package io.cachette.jcache.internal.integration;

import io.cachette.jcache.internal.ImmutableEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's {@link CacheWriter}, with the spec's error contract (failures reach the caller as a
 * {@link CacheWriterException}) and its batch rule: after a failed {@code writeAll}/{@code deleteAll} the
 * entries left in the collection are the ones that were not written, and only those stay unchanged in the
 * cache.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheWriterAdapter<K, V> {

    /** The outcome of a batch: the keys the writer did not handle, and its failure ({@code null} if none). */
    public record Batch<K>(Set<K> failedKeys, CacheWriterException failure) {
        static final Batch<?> SUCCESS = new Batch<>(Set.of(), null);

        @SuppressWarnings("unchecked")
        static <K> Batch<K> success() {
            return (Batch<K>) SUCCESS;
        }

        /** Throws the writer's failure, if there was one. */
        public void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private final String cacheName;
    private final CacheWriter<K, V> writer;

    public CacheWriterAdapter(String cacheName, CacheWriter<K, V> writer) {
        this.cacheName = cacheName;
        this.writer = writer;
    }

    public void write(K key, V value) {
        try {
            writer.write(new ImmutableEntry<>(key, value));
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("Cache writer of cache " + cacheName + " failed to write " + key, e);
        }
    }

    public void delete(K key) {
        try {
            writer.delete(key);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("Cache writer of cache " + cacheName + " failed to delete " + key, e);
        }
    }

    /** Writes a batch; on failure, tells which keys the writer left unwritten. */
    public Batch<K> writeAll(Map<? extends K, ? extends V> entries) {
        if (entries.isEmpty()) {
            return Batch.success();
        }
        Collection<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> pending.add(new ImmutableEntry<>(key, value)));
        try {
            writer.writeAll(pending);
            return Batch.success();
        } catch (RuntimeException e) {
            Set<K> failed = new HashSet<>();
            pending.forEach(entry -> failed.add(entry.getKey()));
            return new Batch<>(failed, wrap(e));
        }
    }

    /** Deletes a batch; on failure, tells which keys the writer left undeleted. */
    public Batch<K> deleteAll(Collection<? extends K> keys) {
        if (keys.isEmpty()) {
            return Batch.success();
        }
        List<K> pending = new ArrayList<>(keys);
        try {
            writer.deleteAll(pending);
            return Batch.success();
        } catch (RuntimeException e) {
            return new Batch<>(new HashSet<>(pending), wrap(e));
        }
    }

    private CacheWriterException wrap(RuntimeException e) {
        return e instanceof CacheWriterException cwe ? cwe
                : new CacheWriterException("Cache writer of cache " + cacheName + " failed", e);
    }

    /** The writer itself, to close it. */
    public CacheWriter<K, V> writer() {
        return writer;
    }
}
