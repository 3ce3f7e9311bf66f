package io.cachette.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A remote store runs a mutation again after a compare-and-set conflict: the writer must still be told only
 * once. The store here runs every mutation twice, as if the first attempt had lost a race.
 */
class RetryingStoreTest {

    static final List<String> WRITES = new CopyOnWriteArrayList<>();

    private final CachetteCacheManager manager = new CachetteCacheManager(new CachetteCachingProvider(),
            URI.create("retrying:test"), getClass().getClassLoader(), new Properties(), m -> { },
            new TestClock(0L), settings -> new RetryingBackend());

    @AfterEach
    void close() {
        manager.close();
        WRITES.clear();
    }

    @Test
    void putAndRemove_onAStoreThatRetriesMutations_callTheWriterOnce() {
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class)));
        cache.put("k", "v");
        cache.replace("k", "v", "w");
        cache.remove("k");
        assertEquals(List.of("write k=v", "write k=w", "delete k"), WRITES);
    }

    public static final class RecordingWriter implements CacheWriter<String, String> {
        @Override
        public void write(Cache.Entry<? extends String, ? extends String> entry) {
            WRITES.add("write " + entry.getKey() + "=" + entry.getValue());
        }

        @Override
        public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
            entries.forEach(this::write);
            entries.clear();
        }

        @Override
        public void delete(Object key) {
            WRITES.add("delete " + key);
        }

        @Override
        public void deleteAll(Collection<?> keys) {
            keys.forEach(this::delete);
            keys.clear();
        }
    }

    private static final class RetryingBackend implements StoreBackend {
        @Override
        public StoreCapabilities capabilities() {
            return StoreCapabilities.LOCAL;
        }

        @Override
        public <K, V> Store<K, V> createStore(StoreContext context) {
            return new RetryingStore<>();
        }

        @Override
        public void close() {
        }
    }

    /** A map store whose compute runs each mutation twice and applies only the second decision. */
    private static final class RetryingStore<K, V> implements Store<K, V> {
        private final Map<K, StoreEntry<V>> map = new ConcurrentHashMap<>();

        @Override
        public StoreCapabilities capabilities() {
            return StoreCapabilities.LOCAL;
        }

        @Override
        public StoreEntry<V> get(K key) {
            return map.get(key);
        }

        @Override
        public Map<K, StoreEntry<V>> getAll(Collection<? extends K> keys) {
            Map<K, StoreEntry<V>> found = new HashMap<>();
            keys.forEach(key -> {
                StoreEntry<V> entry = map.get(key);
                if (entry != null) {
                    found.put(key, entry);
                }
            });
            return found;
        }

        @Override
        public void put(K key, V value, long expiresAtMillis) {
            map.put(key, entry(value, expiresAtMillis));
        }

        @Override
        public boolean remove(K key) {
            return map.remove(key) != null;
        }

        @Override
        public synchronized StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
            mutation.apply(map.get(key)); // the attempt that lost the race
            StoreMutation<V> applied = mutation.apply(map.get(key));
            switch (applied.kind()) {
                case WRITE -> map.put(key, entry(applied.value(), applied.expiresAtMillis()));
                case REMOVE -> map.remove(key);
                default -> { }
            }
            return applied;
        }

        @Override
        public void clear() {
            map.clear();
        }

        @Override
        public Iterator<K> keys() {
            return List.copyOf(map.keySet()).iterator();
        }

        @Override
        public void close() {
        }

        private static <V> StoreEntry<V> entry(V value, long expiresAtMillis) {
            return new StoreEntry<>() {
                @Override
                public V value() {
                    return value;
                }

                @Override
                public long expiresAtMillis() {
                    return expiresAtMillis;
                }
            };
        }
    }
}
