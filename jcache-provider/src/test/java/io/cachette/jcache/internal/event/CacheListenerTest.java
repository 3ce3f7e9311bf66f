package io.cachette.jcache.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.TestClock;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheListenerTest {

    private final TestClock clock = new TestClock(0L);
    private final CachetteCacheManager manager = TestManagers.create(clock);
    private final Recorder recorder = new Recorder();

    @AfterEach
    void close() {
        manager.close();
    }

    private Cache<String, String> cache(boolean oldValueRequired, boolean synchronous,
                                        Factory<? extends CacheEntryEventFilter<? super String, ? super String>> filter) {
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10)))
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        new Same<>(recorder), filter, oldValueRequired, synchronous));
        return manager.createCache("c", configuration);
    }

    @Test
    void synchronousListener_seesCreateUpdateRemoveWithOldValues() {
        Cache<String, String> cache = cache(true, true, null);
        cache.put("k", "v1");
        cache.put("k", "v2");
        cache.remove("k");
        assertEquals(List.of("CREATED k=v1 old=null", "UPDATED k=v2 old=v1", "REMOVED k=v2 old=v2"),
                recorder.events);
    }

    @Test
    void oldValueNotRequired_updateEventsCarryNoOldValue() {
        Cache<String, String> cache = cache(false, true, null);
        cache.put("k", "v1");
        cache.put("k", "v2");
        assertEquals("UPDATED k=v2 old=null", recorder.events.get(1));
    }

    @Test
    void filter_dropsTheEventsItRejects() {
        Cache<String, String> cache = cache(true, true,
                FactoryBuilder.factoryOf(new OnlyKeysStartingWithA()));
        cache.put("apple", "1");
        cache.put("banana", "2");
        cache.putAll(Map.of("avocado", "3", "cherry", "4"));
        assertEquals(List.of("CREATED apple=1 old=null", "CREATED avocado=3 old=null"), recorder.events);
    }

    @Test
    void expiredEntry_firesExpiredOnAccess() {
        Cache<String, String> cache = cache(true, true, null);
        cache.put("k", "v");
        clock.advance(10_000);
        assertNull(cache.get("k"));
        assertEquals("EXPIRED k=v old=v", recorder.events.get(recorder.events.size() - 1));
    }

    @Test
    void failingSynchronousListener_surfacesAsCacheEntryListenerException_afterTheChange() {
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        new Same<>(new Failing()), null, false, true));
        Cache<String, String> cache = manager.createCache("failing", configuration);
        assertThrows(CacheEntryListenerException.class, () -> cache.put("k", "v"));
        assertEquals("v", cache.get("k"));
    }

    @Test
    void asynchronousListener_receivesTheEventsOfOneKeyInOrder() throws InterruptedException {
        int updates = 200;
        recorder.expect(updates + 1);
        Cache<String, String> cache = cache(true, false, null);
        for (int i = 0; i <= updates; i++) {
            cache.put("k", "v" + i);
        }
        assertTrue(recorder.await(), "all events were delivered");
        List<String> expected = new ArrayList<>();
        expected.add("CREATED k=v0 old=null");
        for (int i = 1; i <= updates; i++) {
            expected.add("UPDATED k=v" + i + " old=v" + (i - 1));
        }
        assertEquals(expected, recorder.events);
    }

    @Test
    void deregister_stopsDelivery() {
        Cache<String, String> cache = cache(true, true, null);
        cache.put("k", "v1");
        var registered = cache.getConfiguration(MutableConfiguration.class).getCacheEntryListenerConfigurations();
        @SuppressWarnings("unchecked")
        var listenerConfiguration = (javax.cache.configuration.CacheEntryListenerConfiguration<String, String>)
                registered.iterator().next();
        cache.deregisterCacheEntryListener(listenerConfiguration);
        cache.put("k", "v2");
        assertEquals(1, recorder.events.size());
        assertFalse(cache.getConfiguration(MutableConfiguration.class)
                .getCacheEntryListenerConfigurations().iterator().hasNext());
    }

    /** Records events as text, and counts them down for asynchronous tests. */
    static final class Recorder implements CacheEntryCreatedListener<String, String>,
            CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
            CacheEntryExpiredListener<String, String> {
        final List<String> events = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch latch = new CountDownLatch(0);

        void expect(int count) {
            latch = new CountDownLatch(count);
        }

        boolean await() throws InterruptedException {
            return latch.await(30, TimeUnit.SECONDS);
        }

        private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            for (CacheEntryEvent<? extends String, ? extends String> event : batch) {
                events.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue()
                        + " old=" + event.getOldValue());
                latch.countDown();
            }
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            record(batch);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            record(batch);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            record(batch);
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            record(batch);
        }
    }

    static final class Failing implements CacheEntryCreatedListener<String, String> {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> batch) {
            throw new IllegalStateException("listener failure (expected by the test)");
        }
    }

    static final class OnlyKeysStartingWithA implements CacheEntryEventFilter<String, String>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
            return event.getKey().startsWith("a") && event.getEventType() == EventType.CREATED;
        }
    }

    /** Hands out one listener instance, so the test can read what it recorded. */
    static final class Same<L extends CacheEntryListener<String, String>> implements Factory<L> {
        private static final long serialVersionUID = 1L;
        private final transient L listener;

        Same(L listener) {
            this.listener = listener;
        }

        @Override
        public L create() {
            return listener;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Same<?> that && that.listener == listener;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(listener);
        }
    }
}
