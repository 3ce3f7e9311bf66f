package io.cachette.store.local;

import io.cachette.store.Store;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import io.cachette.store.StoreMutation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The local heap store of one cache: a {@link ConcurrentHashMap} of immutable {@link Node}s, bounded by
 * entry count and/or estimated bytes ({@link SizeEstimator}), evicting the least recently used entry first.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li><b>Reads</b> ({@code get} on a hit) take no lock and allocate nothing: the node found is the entry
 *       returned, and the read is recorded in a {@link ReadBuffer} ring with one compare-and-set. When a ring
 *       is full the reader tries (never waits for) the eviction lock and replays the recorded reads into the
 *       access order.</li>
 *   <li><b>Writes</b> change the map first (atomically per key), then take the eviction lock to replay the
 *       pending reads, unlink the replaced node, link the new one as most recently used, and evict from the
 *       least recently used end while a bound is exceeded. Listeners are told after the lock is released.</li>
 *   <li>A single thread therefore sees exact LRU order: its reads are replayed, in order, before any write of
 *       its own links a node or evicts one.</li>
 * </ul>
 *
 * <h2>Slack of the bounds</h2>
 * The bounds hold for the nodes linked into the access order. A write makes its node visible in the map just
 * before it takes the eviction lock, so at any instant the map may hold, beyond the bound, at most one entry
 * (with its weight) per thread that is inside a write ({@code put}, {@code compute}) of a new key, and not yet
 * through the lock. With {@code T} writing threads the map holds at most {@code maxEntries + T} entries and
 * {@code maxBytes} plus the weights of {@code T} entries; once the writes return, the bounds hold exactly.
 * A single entry heavier than {@code maxBytes} is evicted as soon as it is written.
 *
 * <h2>Expiry</h2>
 * An entry whose expiry time is at or before the clock's now is never returned. It is dropped when an
 * operation meets it ({@code get}, {@code put}, {@code remove}, {@code compute}) and by {@link #sweep}, which
 * the backend's sweeper calls periodically and which examines a bounded number of entries per call, resuming
 * where the previous call stopped. Each dropped expired entry is reported to
 * {@link StoreListener#expired}; each entry evicted for a bound to {@link StoreListener#evicted} (or to
 * {@code expired}, when the least recently used entry had expired anyway). A listener that throws is logged
 * and does not disturb the store.
 *
 * <p>A {@link StoreMutation.Function} runs inside {@link ConcurrentHashMap#compute}: it must not write to this
 * store itself.
 */
final class LocalLruStore<K, V> implements Store<K, V> {

    private static final System.Logger LOG = System.getLogger(LocalLruStore.class.getName());

    private final String cacheName;
    private final ConcurrentHashMap<K, Node<K, V>> map = new ConcurrentHashMap<>();
    private final Clock clock;
    private final StoreListener listener;
    private final long maxEntries;
    private final long maxBytes;
    /** Whether any bound applies; an unbounded store keeps no access order at all. */
    private final boolean bounded;
    /** Whether entries are weighed (only for a byte bound). */
    private final boolean weighs;

    private final ReentrantLock evictionLock = new ReentrantLock();
    private final AccessOrder<K, V> order = new AccessOrder<>();
    private final ReadBuffer<Node<K, V>> readBuffer;
    private final Consumer<Node<K, V>> replayRead = order::moveToLast;
    private final Consumer<? super LocalLruStore<K, V>> onClose;

    private final Object sweepLock = new Object();
    private Iterator<Node<K, V>> sweepCursor; // guarded by sweepLock

    LocalLruStore(StoreContext context, int readStripes, Consumer<? super LocalLruStore<K, V>> onClose) {
        this.cacheName = context.cacheName();
        this.clock = Objects.requireNonNull(context.clock(), "clock");
        this.listener = context.listener() == null ? StoreListener.NONE : context.listener();
        this.maxEntries = requireBound("maxEntries", context.maxEntries());
        this.maxBytes = requireBound("maxBytes", context.maxBytes());
        this.bounded = maxEntries != StoreContext.UNBOUNDED || maxBytes != StoreContext.UNBOUNDED;
        this.weighs = maxBytes != StoreContext.UNBOUNDED;
        this.readBuffer = bounded ? new ReadBuffer<>(readStripes) : null;
        this.onClose = onClose;
    }

    private static long requireBound(String name, long bound) {
        if (bound < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 or StoreContext.UNBOUNDED, was " + bound);
        }
        return bound;
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.LOCAL;
    }

    @Override
    public StoreEntry<V> get(K key) {
        Node<K, V> node = map.get(key);
        if (node == null) {
            return null;
        }
        long expiresAt = node.expiresAtMillis;
        if (expiresAt != StoreEntry.ETERNAL && expiresAt <= clock.millis()) {
            expire(node);
            return null;
        }
        if (bounded) {
            afterRead(node);
        }
        return node;
    }

    @Override
    public Map<K, StoreEntry<V>> getAll(Collection<? extends K> keys) {
        Map<K, StoreEntry<V>> result = new LinkedHashMap<>();
        for (K key : keys) {
            StoreEntry<V> entry = get(key);
            if (entry != null) {
                result.put(key, entry);
            }
        }
        return result;
    }

    @Override
    public void put(K key, V value, long expiresAtMillis) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (expiresAtMillis != StoreEntry.ETERNAL && expiresAtMillis <= clock.millis()) {
            Node<K, V> old = removeNode(key); // an entry written already expired is gone at once
            if (old != null) {
                isExpiredReported(old);
            }
            return;
        }
        Node<K, V> node = new Node<>(key, value, expiresAtMillis, weigh(key, value));
        Node<K, V> old = map.put(key, node);
        if (old != null) {
            old.retired = true;
        }
        afterWrite(old, node);
        if (old != null && isExpired(old)) {
            notifyExpired(old);
        }
    }

    @Override
    public boolean remove(K key) {
        Objects.requireNonNull(key, "key");
        Node<K, V> old = removeNode(key);
        return old != null && !isExpiredReported(old);
    }

    /** Removes the mapping of {@code key}; reports it when it had expired; returns the removed node. */
    private Node<K, V> removeNode(K key) {
        Node<K, V> old = map.remove(key);
        if (old != null) {
            old.retired = true;
            afterWrite(old, null);
        }
        return old;
    }

    /** Reports {@code removed} as expired if it was; {@code true} when it was. */
    private boolean isExpiredReported(Node<K, V> removed) {
        if (isExpired(removed)) {
            notifyExpired(removed);
            return true;
        }
        return false;
    }

    @Override
    public StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mutation, "mutation");
        long now = clock.millis();
        Computation<K, V> c = new Computation<>();
        Node<K, V> result = map.compute(key, (k, old) -> {
            c.old = old;
            Node<K, V> live = old == null || old.isExpired(now) ? null : old;
            StoreMutation<V> applied = mutation.apply(live);
            if (applied == null) {
                throw new NullPointerException("the mutation of key " + k + " in cache " + cacheName
                        + " returned null instead of a StoreMutation");
            }
            c.applied = applied;
            switch (applied.kind()) {
                case KEEP:
                    return live;
                case REMOVE:
                    return null;
                case WRITE:
                    long expiresAt = applied.expiresAtMillis();
                    if (expiresAt != StoreEntry.ETERNAL && expiresAt <= now) {
                        return null;
                    }
                    return new Node<>(k, applied.value(), expiresAt, weigh(k, applied.value()));
                default:
                    throw new AssertionError(applied.kind());
            }
        });
        Node<K, V> old = c.old;
        if (result != old) {
            if (old != null) {
                old.retired = true;
            }
            afterWrite(old, result);
            if (old != null && old.isExpired(now)) {
                notifyExpired(old);
            }
        } else if (result != null && bounded) {
            afterRead(result); // KEEP of a live entry is an access
        }
        return c.applied;
    }

    /** What a {@code compute} call saw and decided, carried out of the remapping function. */
    private static final class Computation<K, V> {
        Node<K, V> old;
        StoreMutation<V> applied;
    }

    @Override
    public void clear() {
        if (!bounded) {
            map.clear();
            return;
        }
        evictionLock.lock();
        try {
            readBuffer.drainTo(replayRead);
            for (Node<K, V> node : map.values()) {
                if (map.remove(node.key, node)) {
                    node.retired = true;
                    order.unlink(node);
                }
            }
        } finally {
            evictionLock.unlock();
        }
    }

    @Override
    public Iterator<K> keys() {
        Iterator<Node<K, V>> nodes = map.values().iterator();
        return new Iterator<>() {
            private Node<K, V> next;

            @Override
            public boolean hasNext() {
                while (next == null && nodes.hasNext()) {
                    Node<K, V> candidate = nodes.next();
                    if (!isExpired(candidate)) {
                        next = candidate;
                    }
                }
                return next != null;
            }

            @Override
            public K next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                K key = next.key;
                next = null;
                return key;
            }
        };
    }

    @Override
    public void close() {
        clear();
        onClose.accept(this);
    }

    /**
     * Drops up to {@code budget} expired entries' worth of work: examines at most {@code budget} entries,
     * resuming where the previous call stopped (a full pass restarts at the map's beginning), and replays the
     * pending reads. Returns how many expired entries it dropped.
     */
    int sweep(int budget) {
        List<Node<K, V>> expired = null;
        synchronized (sweepLock) {
            long now = clock.millis();
            Iterator<Node<K, V>> cursor = sweepCursor;
            if (cursor == null || !cursor.hasNext()) {
                cursor = map.values().iterator();
            }
            for (int examined = 0; examined < budget && cursor.hasNext(); examined++) {
                Node<K, V> node = cursor.next();
                if (node.isExpired(now) && map.remove(node.key, node)) {
                    node.retired = true;
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(node);
                }
            }
            sweepCursor = cursor.hasNext() ? cursor : null;
        }
        if (bounded) {
            evictionLock.lock();
            try {
                readBuffer.drainTo(replayRead);
                if (expired != null) {
                    for (Node<K, V> node : expired) {
                        order.unlink(node);
                    }
                }
            } finally {
                evictionLock.unlock();
            }
        }
        if (expired == null) {
            return 0;
        }
        for (Node<K, V> node : expired) {
            notifyExpired(node);
        }
        return expired.size();
    }

    /** Entries in the map, expired or not, including writes not yet through the eviction lock. */
    long mappingCount() {
        return map.mappingCount();
    }

    /** Entries in the map, read while holding the eviction lock (so that no eviction runs meanwhile). */
    long mappingCountUnderEvictionLock() {
        evictionLock.lock();
        try {
            return map.mappingCount();
        } finally {
            evictionLock.unlock();
        }
    }

    /** Nodes linked into the access order: what the entry bound counts. */
    long linkedCount() {
        evictionLock.lock();
        try {
            return order.size();
        } finally {
            evictionLock.unlock();
        }
    }

    /** Sum of the weights of the mapped nodes, expired or not. */
    long mappedWeight() {
        long sum = 0;
        for (Node<K, V> node : map.values()) {
            sum += node.weight;
        }
        return sum;
    }

    /** Estimated bytes of the entries the bounds count (those linked into the access order). */
    long weightedSize() {
        evictionLock.lock();
        try {
            return order.weight();
        } finally {
            evictionLock.unlock();
        }
    }

    private boolean isExpired(Node<K, V> node) {
        long expiresAt = node.expiresAtMillis;
        return expiresAt != StoreEntry.ETERNAL && expiresAt <= clock.millis();
    }

    private long weigh(K key, V value) {
        return weighs ? SizeEstimator.entry(key, value) : 0L;
    }

    /** Drops an expired node met on access, unless someone else changed the mapping first. */
    private void expire(Node<K, V> node) {
        if (map.remove(node.key, node)) {
            node.retired = true;
            afterWrite(node, null);
            notifyExpired(node);
        }
    }

    private void afterRead(Node<K, V> node) {
        if (readBuffer.offer(node) == ReadBuffer.FULL && evictionLock.tryLock()) {
            try {
                readBuffer.drainTo(replayRead);
                order.moveToLast(node);
            } finally {
                evictionLock.unlock();
            }
        }
    }

    /**
     * Brings the access order up to date after the map changed: {@code removed} left the map (and was
     * retired), {@code added} entered it. Then evicts while a bound is exceeded.
     */
    private void afterWrite(Node<K, V> removed, Node<K, V> added) {
        if (!bounded) {
            return;
        }
        List<Node<K, V>> victims;
        evictionLock.lock();
        try {
            readBuffer.drainTo(replayRead);
            if (removed != null) {
                order.unlink(removed);
            }
            if (added != null && !added.retired) {
                order.linkLast(added);
            }
            victims = evictOverflow();
        } finally {
            evictionLock.unlock();
        }
        if (victims != null) {
            for (Node<K, V> victim : victims) {
                if (isExpired(victim)) {
                    notifyExpired(victim);
                } else {
                    notifyEvicted(victim);
                }
            }
        }
    }

    /** Evicts least recently used nodes while a bound is exceeded; runs under the eviction lock. */
    private List<Node<K, V>> evictOverflow() {
        List<Node<K, V>> victims = null;
        while (order.size() > maxEntries || order.weight() > maxBytes) {
            Node<K, V> lru = order.first();
            order.unlink(lru);
            if (map.remove(lru.key, lru)) {
                lru.retired = true;
                if (victims == null) {
                    victims = new ArrayList<>(2);
                }
                victims.add(lru);
            }
            // otherwise a concurrent write replaced or removed it; that writer will find it already unlinked
        }
        return victims;
    }

    private void notifyExpired(Node<K, V> node) {
        try {
            listener.expired(node.key, node.value);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "expiry listener of cache " + cacheName + " failed", e);
        }
    }

    private void notifyEvicted(Node<K, V> node) {
        try {
            listener.evicted(node.key, node.value);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "eviction listener of cache " + cacheName + " failed", e);
        }
    }
}
