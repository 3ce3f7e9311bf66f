package io.cachette.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.testing.TestClock;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreByValueTest {

    private final CachetteCacheManager manager = TestManagers.create(new TestClock(0L));

    @AfterEach
    void close() {
        manager.close();
    }

    private Cache<String, Object> byValue() {
        return manager.createCache("byValue", new MutableConfiguration<String, Object>());
    }

    @Test
    void put_thenMutateTheCallersValue_cacheKeepsWhatWasPut() {
        Cache<String, Object> cache = byValue();
        ArrayList<String> value = new ArrayList<>(List.of("a"));
        cache.put("k", value);
        value.add("b");
        assertEquals(List.of("a"), cache.get("k"));
    }

    @Test
    void get_thenMutateTheResult_cacheIsUnchanged() {
        Cache<String, Object> cache = byValue();
        cache.put("k", new ArrayList<>(List.of("a")));
        @SuppressWarnings("unchecked")
        List<String> read = (List<String>) cache.get("k");
        read.add("b");
        assertEquals(List.of("a"), cache.get("k"));
        assertNotSame(read, cache.get("k"));
    }

    @Test
    void get_immutableValue_returnsTheStoredInstance() {
        Cache<String, Object> cache = byValue();
        String value = new String("text");
        cache.put("k", value);
        assertSame(value, cache.get("k"));
    }

    @Test
    void put_unserializableValue_failsNamingTheTypeAndLeavesTheCacheUnchanged() {
        Cache<String, Object> cache = byValue();
        cache.put("k", "before");
        CacheException e = assertThrows(CacheException.class, () -> cache.put("k", new Unserializable()));
        assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
        assertEquals("before", cache.get("k"));
        assertThrows(CacheException.class, () -> cache.put("other", new Unserializable()));
        assertNull(cache.get("other"));
    }

    @Test
    void byReference_unserializableValue_isStoredAsTheSameInstance() {
        Cache<String, Object> cache = manager.createCache("byReference",
                new MutableConfiguration<String, Object>().setStoreByValue(false));
        Unserializable value = new Unserializable();
        cache.put("k", value);
        assertSame(value, cache.get("k"));
    }

    @Test
    void customCopier_isUsedForValuesGoingInAndOut() {
        Cache<String, Object> cache = manager.createCache("custom",
                new io.cachette.jcache.configuration.CachetteConfiguration<String, Object>()
                        .setCopierFactory(javax.cache.configuration.FactoryBuilder.factoryOf(TaggingCopier.class)));
        cache.put("k", "v");
        assertEquals("v+copy+copy", cache.get("k"), "copied on the way in and on the way out");
    }

    /** Marks each copy of a value, so the test sees where copies are made. */
    public static final class TaggingCopier implements io.cachette.jcache.copy.Copier {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T copy(T object, ClassLoader classLoader) {
            return object instanceof String text && text.startsWith("v") ? (T) (text + "+copy") : object;
        }
    }

    @Test
    void nullKeysAndValues_failWithNullPointerException() {
        Cache<String, Object> cache = byValue();
        assertThrows(NullPointerException.class, () -> cache.get(null));
        assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
        assertThrows(NullPointerException.class, () -> cache.put("k", null));
        assertThrows(NullPointerException.class, () -> cache.putIfAbsent("k", null));
        assertThrows(NullPointerException.class, () -> cache.replace("k", "a", null));
        assertThrows(NullPointerException.class, () -> cache.remove(null));
        assertThrows(NullPointerException.class, () -> cache.getAll(java.util.Collections.singleton(null)));
        assertThrows(NullPointerException.class, () -> cache.putAll(java.util.Collections.singletonMap("k", null)));
        assertThrows(NullPointerException.class, () -> cache.invoke(null, (entry, args) -> null));
    }

    static final class Unserializable {
    }
}
