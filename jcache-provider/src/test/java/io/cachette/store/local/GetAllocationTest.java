package io.cachette.store.local;

import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import io.cachette.testing.Allocations;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read path allocates nothing: a hit returns the stored node and records the read in a preallocated
 * ring. Measured with the JVM's per-thread allocation counter (no timing involved).
 */
class GetAllocationTest {

    @Test
    void get_onAHit_allocatesNothing() {
        LocalLruStore<String, String> store = new LocalLruStore<>(new StoreContext("alloc", Map.of(),
                getClass().getClassLoader(), Clock.systemUTC(), StoreListener.NONE, 1_000, StoreContext.UNBOUNDED),
                4, s -> { });
        String[] keys = new String[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
            store.put(keys[i], "value-" + i, i % 2 == 0 ? StoreEntry.ETERNAL : Long.MAX_VALUE - 1);
            keys[i].hashCode(); // String caches its hash: the lookups below compute nothing
        }
        long allocated = Allocations.allocatedBy(100_000, i -> store.get(keys[i & 63]).expiresAtMillis());
        // the counter's own call may allocate a little; 100,000 allocating gets would take megabytes
        assertTrue(allocated < 10_000, allocated + " bytes allocated by 100,000 gets");
    }
}
