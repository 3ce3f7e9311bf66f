package io.cachette.memcached.store;

import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.spi.CachingProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JCache end to end through {@code Caching.getCachingProvider()} on a {@code memcached://} cache manager. */
class MemcachedJCacheTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    record Customer(String name, int visits) implements Serializable {
    }

    private final CachingProvider provider = Caching.getCachingProvider();
    private final List<CacheManager> managers = new ArrayList<>();
    private String cacheName;
    private Cache<String, Customer> cache;

    @BeforeEach
    void create(TestInfo test) {
        cacheName = test.getTestMethod().orElseThrow().getName();
        cache = manager(SERVERS.uri()).createCache(cacheName,
                new MutableConfiguration<String, Customer>().setTypes(String.class, Customer.class));
    }

    @AfterEach
    void close() {
        managers.forEach(CacheManager::close);
    }

    private CacheManager manager(String uri) {
        CacheManager manager = provider.getCacheManager(URI.create(uri), getClass().getClassLoader());
        managers.add(manager);
        return manager;
    }

    @Test
    void storeByValueCache_givesEachReaderItsOwnCopyOfAMutableValue() {
        Cache<String, ArrayList<String>> byValue = manager(SERVERS.uri()).createCache(cacheName + "-value",
                new MutableConfiguration<String, ArrayList<String>>());
        byValue.put("k", new ArrayList<>(List.of("a")));

        ArrayList<String> first = byValue.get("k");
        first.add("changed by a reader");

        assertEquals(List.of("a"), byValue.get("k"));
    }

    @Test
    void storeByReferenceCache_sharesTheDecodedValueOfAnUnchangedEntry() {
        Cache<String, ArrayList<String>> byReference = manager(SERVERS.uri()).createCache(cacheName + "-reference",
                new MutableConfiguration<String, ArrayList<String>>().setStoreByValue(false));
        byReference.put("k", new ArrayList<>(List.of("a")));

        assertSame(byReference.get("k"), byReference.get("k"), "decoded once, not per read");
    }

    @Test
    void basicOperations_behaveAsJCacheSays() {
        Customer ann = new Customer("ann", 1);
        cache.put("ann", ann);

        assertEquals(ann, cache.get("ann"));
        assertTrue(cache.containsKey("ann"));
        assertFalse(cache.putIfAbsent("ann", new Customer("other", 0)));
        assertTrue(cache.replace("ann", ann, new Customer("ann", 2)));
        assertFalse(cache.replace("ann", ann, new Customer("ann", 3)));
        assertEquals(new Customer("ann", 2), cache.getAndPut("ann", new Customer("ann", 4)));
        assertEquals(new Customer("ann", 4), cache.getAndRemove("ann"));
        assertNull(cache.get("ann"));
        assertFalse(cache.replace("ann", ann));
        assertTrue(cache.putIfAbsent("ann", ann));
        assertFalse(cache.remove("ann", new Customer("ann", 9)));
        assertTrue(cache.remove("ann", ann));
    }

    @Test
    void invoke_updatesAtomically() {
        cache.put("bob", new Customer("bob", 0));

        for (int i = 0; i < 5; i++) {
            cache.invoke("bob", (entry, args) -> {
                entry.setValue(new Customer("bob", entry.getValue().visits() + 1));
                return null;
            });
        }

        assertEquals(5, cache.get("bob").visits());
    }

    @Test
    void getAll_putAll_removeAll_andIterator() {
        cache.putAll(Map.of("a", new Customer("a", 1), "b", new Customer("b", 2), "c", new Customer("c", 3)));

        assertEquals(Set.of("a", "b"), cache.getAll(Set.of("a", "b", "zzz")).keySet());
        Set<String> seen = new HashSet<>();
        for (Iterator<Cache.Entry<String, Customer>> it = cache.iterator(); it.hasNext(); ) {
            Cache.Entry<String, Customer> entry = it.next();
            seen.add(entry.getKey());
            if (entry.getKey().equals("b")) {
                it.remove();
            }
        }
        assertEquals(Set.of("a", "b", "c"), seen);
        assertNull(cache.get("b"));

        cache.removeAll();
        assertNull(cache.get("a"));
        assertFalse(cache.iterator().hasNext());
    }

    @Test
    void clear_emptiesTheCache() {
        cache.put("a", new Customer("a", 1));

        cache.clear();

        assertNull(cache.get("a"));
    }

    @Test
    void byReferenceConfiguration_stillStoresCopies() {
        Cache<String, List<String>> byReference = cache.getCacheManager().createCache(cacheName + "-ref",
                new MutableConfiguration<String, List<String>>().setStoreByValue(false));
        List<String> list = new ArrayList<>(List.of("x"));

        byReference.put("l", list);
        list.add("changed after put");

        assertEquals(List.of("x"), byReference.get("l"));
    }

    @Test
    void provider_withAMemcachedDefaultUri_doesNotOfferStoreByReference() {
        String previous = System.getProperty("cachette.default-uri");
        System.setProperty("cachette.default-uri", SERVERS.uri());
        try {
            assertFalse(provider.isSupported(javax.cache.configuration.OptionalFeature.STORE_BY_REFERENCE));
        } finally {
            if (previous == null) {
                System.clearProperty("cachette.default-uri");
            } else {
                System.setProperty("cachette.default-uri", previous);
            }
        }
    }

    @Test
    void valuesAreCopies() {
        List<String> list = new ArrayList<>(List.of("x"));
        Cache<String, List<String>> lists = cache.getCacheManager().createCache(cacheName + "-lists",
                new MutableConfiguration<>());
        lists.put("l", list);
        list.add("changed after put");

        List<String> read = lists.get("l");
        assertEquals(List.of("x"), read);
        read.add("changed after get");
        assertEquals(List.of("x"), lists.get("l"));
    }

    @Test
    void anotherManagerOnTheSameServers_seesTheEntries() {
        cache.put("shared", new Customer("s", 1));
        List<String> reversed = new ArrayList<>(SERVERS.hostPorts());
        java.util.Collections.reverse(reversed);

        Cache<String, Customer> other = manager("memcached://" + String.join(",", reversed)).createCache(cacheName,
                new MutableConfiguration<String, Customer>().setTypes(String.class, Customer.class));

        assertEquals(new Customer("s", 1), other.get("shared"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void closingTheManager_closesItsMemcachedClient() {
        cache.put("k", new Customer("k", 1));
        MemcachedStore<String, Customer> store = cache.unwrap(MemcachedStore.class);

        cache.getCacheManager().close();

        assertNull(store.get("k"), "the closed client answers nothing");
        assertEquals(1, store.counters().failedReads());
    }

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** Records events as text. */
    public static final class Recorder implements CacheEntryCreatedListener<String, Customer>,
            CacheEntryUpdatedListener<String, Customer>, CacheEntryRemovedListener<String, Customer>, Serializable {
        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Customer>> events) {
            events.forEach(e -> EVENTS.add(e.getEventType() + " " + e.getKey()));
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Customer>> events) {
            events.forEach(e -> EVENTS.add(e.getEventType() + " " + e.getKey() + " old=" + e.getOldValue().visits()));
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Customer>> events) {
            events.forEach(e -> EVENTS.add(e.getEventType() + " " + e.getKey()));
        }
    }

    @Test
    void listeners_seeThisJvmsOperations_withOldValues() {
        EVENTS.clear();
        cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(Recorder.class), null, true, true));

        cache.put("e", new Customer("e", 1));
        cache.put("e", new Customer("e", 2));
        cache.remove("e");

        assertEquals(List.of(EventType.CREATED + " e", EventType.UPDATED + " e old=1", EventType.REMOVED + " e"),
                EVENTS);
    }
}
