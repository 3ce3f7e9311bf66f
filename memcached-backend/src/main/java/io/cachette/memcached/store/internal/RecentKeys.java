package io.cachette.memcached.store.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The keys this store read or wrote lately, as canonical texts, so that {@code keys()} still lists them when
 * {@code lru_crawler metadump} misses them.
 *
 * <p>Why: memcached's segmented LRU moves an item between its HOT, WARM and COLD lists shortly after it is
 * written or read, and the crawler walks the lists one step at a time each: an item that moves into a list
 * whose walk has already ended is not dumped. Items that nobody touched lately stay put, so the dump finds
 * them; the ones this JVM touched are added from here (other JVMs' recent keys can still be missed, which the
 * snapshot semantics of iteration allow).
 *
 * <p>A fixed ring of the last {@code capacity} touches, each with its time: O(1) per touch, bounded memory; a
 * touch older than the window, or pushed out by newer ones, is forgotten.
 */
public final class RecentKeys {

    private record Touch(String keyText, long atNanos) {
    }

    private final long windowNanos;
    private final int mask;
    private final AtomicReferenceArray<Touch> ring;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity a power of two */
    public RecentKeys(long windowNanos, int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        this.windowNanos = windowNanos;
        this.mask = capacity - 1;
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    public void touched(String keyText) {
        ring.lazySet((int) (next.getAndIncrement() & mask), new Touch(keyText, System.nanoTime()));
    }

    /** The texts touched within the window, deduplicated. */
    public Set<String> recent() {
        long now = System.nanoTime();
        Set<String> texts = new LinkedHashSet<>();
        for (int i = 0; i < ring.length(); i++) {
            Touch touch = ring.get(i);
            if (touch != null && now - touch.atNanos <= windowNanos) {
                texts.add(touch.keyText);
            }
        }
        return texts;
    }

    public void clear() {
        for (int i = 0; i < ring.length(); i++) {
            ring.set(i, null);
        }
    }
}
