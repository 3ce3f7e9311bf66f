package io.cachette.store.local;

import io.cachette.store.StoreEntry;

/**
 * One mapping of the local store, and at the same time the {@link StoreEntry} handed to callers: its key,
 * value and expiry never change, so a new node (a new identity) stands for every change of an entry.
 *
 * <p>The links of the access-order list ({@link #prev}, {@link #next}, {@link #linked}) and {@link #stamp} are
 * written only under the store's eviction lock. {@link #stamp} is also read without the lock, by readers that
 * skip recording a read of a node moved very recently (a racy read of an {@code int} is atomic, and a stale
 * value only makes a reader record a read it could have skipped, or skip one the access order would have
 * treated as a no-op move near its most recent end). {@link #retired} is set once, by whoever removed the node
 * from the map, before that thread takes the eviction lock to unlink it; a node that is already retired is
 * never linked.
 *
 * <p>A store without a byte bound uses this class, whose weight is 0 (48 bytes with compressed references); a
 * store with a byte bound uses {@link Weighted}, which carries the estimate (56 bytes).
 */
class Node<K, V> implements StoreEntry<V> {

    final K key;
    final V value;
    final long expiresAtMillis;

    Node<K, V> prev;
    Node<K, V> next;
    /** The access order's move count when this node last became the most recently used. */
    int stamp;
    boolean linked;
    volatile boolean retired;

    Node(K key, V value, long expiresAtMillis) {
        this.key = key;
        this.value = value;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** A node of the store's kind: {@link Weighted} when {@code weighs}, else a plain one of weight 0. */
    static <K, V> Node<K, V> of(K key, V value, long expiresAtMillis, boolean weighs) {
        return weighs ? new Weighted<>(key, value, expiresAtMillis, SizeEstimator.entry(key, value))
                : new Node<>(key, value, expiresAtMillis);
    }

    /** Estimated bytes of key, value and overhead; 0 when the store has no byte bound. */
    long weight() {
        return 0L;
    }

    @Override
    public final V value() {
        return value;
    }

    @Override
    public final long expiresAtMillis() {
        return expiresAtMillis;
    }

    final boolean isExpired(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    @Override
    public String toString() {
        return "Node[" + key + "=" + value + ", expiresAt=" + expiresAtMillis + "]";
    }

    /** A node of a store with a byte bound: it carries its {@link SizeEstimator} estimate. */
    static final class Weighted<K, V> extends Node<K, V> {

        private final long weight;

        Weighted(K key, V value, long expiresAtMillis, long weight) {
            super(key, value, expiresAtMillis);
            this.weight = weight;
        }

        @Override
        long weight() {
            return weight;
        }
    }
}
