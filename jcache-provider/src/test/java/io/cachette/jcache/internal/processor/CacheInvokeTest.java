package io.cachette.jcache.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.StatisticsBeans;
import io.cachette.testing.TestClock;

import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheInvokeTest {

    private final CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
    private final Cache<String, Integer> cache =
            manager.createCache("c", new MutableConfiguration<String, Integer>().setStatisticsEnabled(true));

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void invoke_setValueOnAbsentEntry_createsIt() {
        Integer result = cache.invoke("k", (entry, args) -> {
            assertFalse(entry.exists());
            entry.setValue((Integer) args[0]);
            return entry.getValue();
        }, 7);
        assertEquals(7, result);
        assertEquals(7, cache.get("k"));
    }

    @Test
    void invoke_incrementsAtomically() {
        cache.put("k", 1);
        cache.invoke("k", (entry, args) -> {
            entry.setValue(entry.getValue() + 1);
            return null;
        });
        assertEquals(2, cache.get("k"));
    }

    @Test
    void invoke_remove_removesTheEntry() {
        cache.put("k", 1);
        cache.invoke("k", (entry, args) -> {
            entry.remove();
            return null;
        });
        assertFalse(cache.containsKey("k"));
    }

    @Test
    void invoke_processorThrows_wrapsInEntryProcessorException_andLeavesTheEntry() {
        cache.put("k", 1);
        EntryProcessorException e = assertThrows(EntryProcessorException.class, () -> cache.invoke("k",
                (entry, args) -> {
                    entry.setValue(99);
                    throw new IllegalStateException("processor failure (expected by the test)");
                }));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(1, cache.get("k"));
    }

    @Test
    void invokeAll_collectsResultsAndFailuresPerKey() {
        cache.put("a", 1);
        cache.put("b", 2);
        Map<String, EntryProcessorResult<Integer>> results = cache.invokeAll(Set.of("a", "b", "missing"),
                (entry, args) -> {
                    if (entry.getKey().equals("b")) {
                        throw new IllegalArgumentException("no b (expected by the test)");
                    }
                    return entry.exists() ? entry.getValue() * 10 : null;
                });
        assertEquals(10, results.get("a").get());
        assertThrows(EntryProcessorException.class, () -> results.get("b").get());
        assertNull(results.get("missing"), "a null result is left out");
        assertEquals(2, results.size());
    }

    @Test
    void invoke_countsAHitOrAMissForTheLookup() {
        cache.put("k", 1);
        cache.invoke("k", (entry, args) -> null);
        cache.invoke("absent", (entry, args) -> null);
        var statistics = StatisticsBeans.of(cache);
        assertEquals(1, statistics.getCacheHits());
        assertEquals(1, statistics.getCacheMisses());
        assertTrue(statistics.getCachePuts() >= 1);
    }
}
