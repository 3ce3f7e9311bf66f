package io.cachette.jcache.internal.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.RecordingWriter;
import io.cachette.jcache.TestManagers;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreMutation;
import io.cachette.testing.TestClock;

import java.net.URI;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A remote store runs a mutation again after a compare-and-set conflict: the writer must still be told only
 * once. The store here runs every mutation twice, as if the first attempt had lost a race.
 */
class RetryingStoreTest {

    private final CachetteCacheManager manager = TestManagers.create(URI.create("retrying:test"), new TestClock(0L),
            new RetryingBackend());

    @AfterEach
    void close() {
        manager.close();
        RecordingWriter.CALLS.clear();
    }

    @Test
    void putAndRemove_onAStoreThatRetriesMutations_callTheWriterOnce() {
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class)));
        cache.put("k", "v");
        cache.replace("k", "v", "w");
        cache.remove("k");
        assertEquals(List.of("write k=v", "write k=w", "delete k"), RecordingWriter.CALLS);
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
    private static final class RetryingStore<K, V> extends MapStore<K, V> {
        @Override
        public synchronized StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
            mutation.apply(map.get(key)); // the attempt that lost the race
            return super.compute(key, mutation);
        }
    }
}
