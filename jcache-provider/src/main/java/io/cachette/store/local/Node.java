package io.cachette.store.local;

import io.cachette.store.StoreEntry;

/**
 * One mapping of the local store, and at the same time the {@link StoreEntry} handed to callers: its key,
 * value and expiry never change, so a new node (a new identity) stands for every change of an entry.
 *
 * <p>The links of the access-order list ({@link #prev}, {@link #next}, {@link #linked}) are guarded by the
 * store's eviction lock. {@link #retired} is set once, by whoever removed the node from the map, before that
 * thread takes the eviction lock to unlink it; a node that is already retired is never linked.
 */
final class Node<K, V> implements StoreEntry<V> {

    final K key;
    final V value;
    final long expiresAtMillis;
    /** Estimated bytes of key, value and overhead; 0 when the store has no byte bound. */
    final long weight;

    Node<K, V> prev;
    Node<K, V> next;
    boolean linked;
    volatile boolean retired;

    Node(K key, V value, long expiresAtMillis, long weight) {
        this.key = key;
        this.value = value;
        this.expiresAtMillis = expiresAtMillis;
        this.weight = weight;
    }

    @Override
    public V value() {
        return value;
    }

    @Override
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    boolean isExpired(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    @Override
    public String toString() {
        return "Node[" + key + "=" + value + ", expiresAt=" + expiresAtMillis + "]";
    }
}
