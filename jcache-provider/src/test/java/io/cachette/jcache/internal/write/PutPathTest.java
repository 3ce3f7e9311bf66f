package io.cachette.jcache.internal.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.RecordingWriter;
import io.cachette.jcache.TestManagers;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;
import io.cachette.testing.StatisticsBeans;
import io.cachette.testing.TestClock;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code put} writes without reading the entry it replaces ({@link Store#put}: one round trip to memcached) only
 * when nothing depends on that entry; otherwise it goes through {@link Store#compute}. The store here logs which
 * of the two each put used.
 */
class PutPathTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final Duration MINUTE = new Duration(TimeUnit.MINUTES, 1);

    private final TestClock clock = new TestClock(1_000_000L);
    private final LoggingBackend backend = new LoggingBackend();
    private final CachetteCacheManager manager = TestManagers.create(URI.create("logging:test"), clock, backend);

    @AfterEach
    void close() {
        manager.close();
        EVENTS.clear();
        RecordingWriter.CALLS.clear();
    }

    private MutableConfiguration<String, String> config() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
    }

    @Test
    void put_withTheDefaultEternalPolicy_writesWithoutReading() {
        Cache<String, String> cache = manager.createCache("c", config());

        cache.put("k", "v1");
        cache.put("k", "v2");

        assertEquals(List.of("put k", "put k"), backend.store.log);
        assertEquals("v2", cache.get("k"));
        assertEquals(StoreEntry.ETERNAL, backend.store.map.get("k").expiresAtMillis());
    }

    @Test
    void put_withModifiedExpiry_writesWithoutReading_expiringADurationAfterTheUpdate() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(MINUTE)));
        cache.put("k", "v1");
        clock.advance(10_000);

        cache.put("k", "v2");

        assertEquals(List.of("put k", "put k"), backend.store.log);
        assertEquals(clock.millis() + 60_000, backend.store.map.get("k").expiresAtMillis());
    }

    @Test
    void put_withTouchedExpiry_writesWithoutReading() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(MINUTE)));

        cache.put("k", "v1");

        assertEquals(List.of("put k"), backend.store.log);
    }

    @Test
    void put_withCreatedExpiry_readsTheEntry_soThatAnUpdateKeepsTheCreationExpiry() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(MINUTE)));
        cache.put("k", "v1");
        long created = backend.store.map.get("k").expiresAtMillis();
        clock.advance(10_000);

        cache.put("k", "v2");

        assertEquals(List.of("compute k", "compute k"), backend.store.log);
        assertEquals(created, backend.store.map.get("k").expiresAtMillis());
    }

    @Test
    void put_withAccessedExpiry_readsTheEntry() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(MINUTE)));

        cache.put("k", "v1");

        assertEquals(List.of("compute k"), backend.store.log);
    }

    @Test
    void put_withAZeroModifiedExpiry_storesNothing() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(Duration.ZERO)));

        cache.put("k", "v1");

        assertEquals(List.of("compute k"), backend.store.log);
        assertEquals(Map.of(), backend.store.map);
    }

    @Test
    void put_withAListener_readsTheEntry_toTellCreatedFromUpdated() {
        Cache<String, String> cache = manager.createCache("c", config());
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Recorder()), null, false, true));

        cache.put("k", "v1");
        cache.put("k", "v2");

        assertEquals(List.of("compute k", "compute k"), backend.store.log);
        assertEquals(List.of("CREATED k=v1", "UPDATED k=v2"), EVENTS);
    }

    @Test
    void put_afterTheLastListenerLeaves_writesWithoutReadingAgain() {
        Cache<String, String> cache = manager.createCache("c", config());
        MutableCacheEntryListenerConfiguration<String, String> listener = new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new Recorder()), null, false, true);
        cache.registerCacheEntryListener(listener);
        cache.put("k", "v1");
        cache.deregisterCacheEntryListener(listener);

        cache.put("k", "v2");

        assertEquals(List.of("compute k", "put k"), backend.store.log);
    }

    @Test
    void put_withAWriter_goesThroughTheAtomicPath() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class)));

        cache.put("k", "v1");

        assertEquals(List.of("compute k"), backend.store.log);
        assertEquals(List.of("write k=v1"), RecordingWriter.CALLS);
    }

    @Test
    void put_withoutReading_stillCountsAPut() {
        Cache<String, String> cache = manager.createCache("c", config().setStatisticsEnabled(true));

        cache.put("k", "v1");
        cache.put("k", "v2");

        assertEquals(List.of("put k", "put k"), backend.store.log);
        assertEquals(2L, StatisticsBeans.of(cache).getCachePuts());
    }

    @Test
    void putAll_withoutListenersOrWriter_isOneStorePutAll_countedAsItsPuts() {
        Cache<String, String> cache = manager.createCache("c", config().setStatisticsEnabled(true)
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(MINUTE)));
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a", "1");
        entries.put("b", "2");

        cache.putAll(entries);

        assertEquals(List.of("putAll [a, b]"), backend.store.log);
        assertEquals(clock.millis() + 60_000, backend.store.map.get("b").expiresAtMillis());
        assertEquals(2L, StatisticsBeans.of(cache).getCachePuts());
    }

    @Test
    void putAll_withCreatedExpiry_computesEachEntry() {
        Cache<String, String> cache = manager.createCache("c", config()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(MINUTE)));
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a", "1");
        entries.put("b", "2");

        cache.putAll(entries);

        assertEquals(List.of("compute a", "compute b"), backend.store.log);
    }

    /** Records CREATED and UPDATED events; serializable so that the factory can hold it. */
    public static final class Recorder implements CacheEntryCreatedListener<String, String>,
            CacheEntryUpdatedListener<String, String>, java.io.Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            events.forEach(e -> EVENTS.add("CREATED " + e.getKey() + "=" + e.getValue()));
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            events.forEach(e -> EVENTS.add("UPDATED " + e.getKey() + "=" + e.getValue()));
        }
    }

    private static final class LoggingBackend implements StoreBackend {
        LoggingStore<?, ?> store;

        @Override
        public StoreCapabilities capabilities() {
            return StoreCapabilities.LOCAL;
        }

        @Override
        public <K, V> Store<K, V> createStore(StoreContext context) {
            LoggingStore<K, V> created = new LoggingStore<>();
            store = created;
            return created;
        }

        @Override
        public void close() {
        }
    }

    /** A map store that logs each put, putAll and compute by key. */
    private static final class LoggingStore<K, V> extends MapStore<K, V> {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void put(K key, V value, long expiresAtMillis) {
            log.add("put " + key);
            super.put(key, value, expiresAtMillis);
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> entries, long expiresAtMillis) {
            log.add("putAll " + entries.keySet());
            entries.forEach((key, value) -> super.put(key, value, expiresAtMillis));
        }

        @Override
        public synchronized StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
            log.add("compute " + key);
            return super.compute(key, mutation);
        }
    }
}
