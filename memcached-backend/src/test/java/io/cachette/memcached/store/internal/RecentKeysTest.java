package io.cachette.memcached.store.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentKeysTest {

    private final RecentKeys recent = new RecentKeys(TimeUnit.HOURS.toNanos(1), 4);

    @Test
    void recent_listsEachTouchedKeyOnce() {
        recent.touched("a");
        recent.touched("b");
        recent.touched("a");

        assertEquals(Set.of("a", "b"), recent.recent());
    }

    @Test
    void recent_keepsOnlyTheLastCapacityTouches() {
        for (String key : List.of("a", "b", "c", "d", "e", "f")) {
            recent.touched(key);
        }

        assertEquals(Set.of("c", "d", "e", "f"), recent.recent());
    }

    @Test
    void clear_forgetsEverything() {
        recent.touched("a");
        recent.clear();

        assertTrue(recent.recent().isEmpty());
    }

    @Test
    void capacity_mustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RecentKeys(1, 6));
    }
}
