package io.cachette.memcached.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys this store read or wrote in the last few seconds, as canonical texts, so that {@code keys()} still
 * lists them when {@code lru_crawler metadump} misses them.
 *
 * <p>Why: memcached's segmented LRU moves an item between its HOT, WARM and COLD lists shortly after it is
 * written or read, and the crawler walks the lists one step at a time each: an item that moves into a list
 * whose walk has already ended is not dumped. Items that nobody touched recently stay put, so the dump finds
 * them; the ones this JVM touched recently are added from here (other JVMs' recent keys can still be missed,
 * which the snapshot semantics of iteration allow). Bounded in time and size.
 */
final class RecentKeys {

    private final long windowNanos;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Long> touched = new ConcurrentHashMap<>();

    RecentKeys(long windowNanos, int maxKeys) {
        this.windowNanos = windowNanos;
        this.maxKeys = maxKeys;
    }

    void touched(String keyText) {
        touched.put(keyText, System.nanoTime());
        if (touched.size() > maxKeys) {
            prune();
        }
    }

    /** The texts touched within the window. */
    List<String> recent() {
        prune();
        return new ArrayList<>(touched.keySet());
    }

    void clear() {
        touched.clear();
    }

    private void prune() {
        long now = System.nanoTime();
        touched.entrySet().removeIf(e -> now - e.getValue() > windowNanos);
        if (touched.size() > maxKeys) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(touched.entrySet());
            all.sort(Map.Entry.comparingByValue());
            for (int i = 0; i < all.size() - maxKeys; i++) {
                touched.remove(all.get(i).getKey(), all.get(i).getValue());
            }
        }
    }
}
