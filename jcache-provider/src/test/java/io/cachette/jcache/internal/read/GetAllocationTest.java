package io.cachette.jcache.internal.read;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.Allocations;
import io.cachette.testing.TestClock;

import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The cache layer adds no allocation to a plain get: eternal expiry, no listeners, no statistics, store-by-value
 * of immutable values. Measured with the JVM's per-thread allocation counter (no timing involved).
 */
class GetAllocationTest {

    @Test
    void get_hitOnAPlainByValueCache_allocatesNothing() {
        CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
        try {
            Cache<String, String> cache = manager.createCache("alloc", new MutableConfiguration<String, String>());
            String[] keys = new String[64];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "key-" + i;
                cache.put(keys[i], "value-" + i);
                keys[i].hashCode();
            }
            long allocated = Allocations.allocatedBy(100_000, i -> cache.get(keys[i & 63]).length());
            // the counter's own call may allocate a little; 100,000 allocating gets would take megabytes
            assertTrue(allocated < 10_000, allocated + " bytes allocated by 100,000 gets");
        } finally {
            manager.close();
        }
    }
}
