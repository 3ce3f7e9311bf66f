package io.cachette.jcache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cache layer adds no allocation to a plain get: eternal expiry, no listeners, no statistics, store-by-value
 * of immutable values. Measured with the JVM's per-thread allocation counter (no timing involved).
 */
class GetAllocationTest {

    @Test
    void get_hitOnAPlainByValueCache_allocatesNothing() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs the HotSpot per-thread allocation counter");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is off");

        CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
        try {
            Cache<String, String> cache = manager.createCache("alloc", new MutableConfiguration<String, String>());
            String[] keys = new String[64];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "key-" + i;
                cache.put(keys[i], "value-" + i);
                keys[i].hashCode();
            }
            long sink = 0;
            for (int i = 0; i < 200_000; i++) { // let the JIT compile the read path
                sink += cache.get(keys[i & 63]).length();
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                sink += cache.get(keys[i & 63]).length();
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(sink != 0);
            // the counter's own call may allocate a little; 100,000 allocating gets would take megabytes
            assertTrue(allocated < 10_000, allocated + " bytes allocated by 100,000 gets");
        } finally {
            manager.close();
        }
    }
}
