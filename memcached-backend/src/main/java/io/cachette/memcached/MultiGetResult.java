package io.cachette.memcached;

import java.util.Map;

/**
 * The outcome of {@link MemcachedClient#getMultiPartial}: the items the reachable servers hold, and for each key
 * whose server failed, why. A key is in at most one of the two maps; a key in neither is a plain miss.
 *
 * @param items    hits, key to item
 * @param failures keys that could not be read (their server is down, timed out, …), key to the failure
 */
public record MultiGetResult(Map<String, Item> items, Map<String, MemcachedException> failures) {

    public MultiGetResult {
        items = Map.copyOf(items);
        failures = Map.copyOf(failures);
    }

    /** Whether every key was answered (as a hit or a miss). */
    public boolean isComplete() {
        return failures.isEmpty();
    }
}
