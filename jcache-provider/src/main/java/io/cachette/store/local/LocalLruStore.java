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
 * The local heap store of one cache, one class past 500 lines because its map, access order, buffers and
 * eviction lock make one concurrency design (below) that is best checked in one place.
 *
 * <p>A {@link ConcurrentHashMap} of immutable {@link Node}s, bounded by entry count and/or estimated bytes
 * ({@link SizeEstimator}), evicting the least recently used entry first.
 *
 * <h2>Concurrency</h2>
 * The map is the truth about what is stored; the access order (an {@link AccessOrder} list, with the counts
 * the bounds limit) is kept behind one eviction lock that no operation ever waits for in the common case,
 * in the manner of Caffeine:
 * <ul>
 *   <li><b>Reads</b> ({@code get} on a hit) take no lock, allocate nothing and write no shared counter: the
 *       node found is the entry returned. A read of a node that is among the most recently used already
 *       (see <i>Recency</i> below) is not recorded at all; any other read is recorded in the reader's ring of
 *       a striped, lossy {@link ReadBuffer} with one compare-and-set. When that ring is full, the reader tries
 *       (never waits for) the eviction lock; if it gets it, it does the maintenance below; if not, the read
 *       is dropped.</li>
 *   <li><b>Writes</b> change the map first (atomically per key), then try the lock: if it is free, the writer
 *       does the maintenance below with its own write applied last; otherwise it appends the replaced and the
 *       new node to a bounded write buffer ({@link MpscRing}, {@value #WRITE_BUFFER_CAPACITY} slots) and marks
 *       maintenance as required, for the holder. Only when the write buffer is full does a writer wait for
 *       the lock.</li>
 *   <li><b>Maintenance</b>, by whoever holds the lock: replay the reads recorded in its own thread's ring
 *       (the sweeper and {@code clear} replay every ring), apply the buffered writes (unlink a replaced node,
 *       link a new one as most recently used), then evict from the least recently used end while a bound is
 *       exceeded. A holder that sees maintenance required again after unlocking repeats it, so no buffered
 *       write is left behind. Listeners are told after the lock is released. No thread touches the cache
 *       lines of another thread's ring on its hot path; a thread's recorded reads wait in its ring until it
 *       fills it, writes, or the sweeper runs (at most {@value ReadBuffer#RING_SIZE} reads per ring).</li>
 * </ul>
 * The shared state readers consult (the published recent end of the access order) and writers set (the
 * drain status) sits on padded cache lines of its own, away from the read-only fields of this store.
 *
 * <h2>Recency</h2>
 * A single thread sees exact LRU order while fewer than {@value #EXACT_BELOW} entries are linked: its reads
 * and writes are replayed, in order, before the next eviction (unless another thread, such as the sweeper,
 * holds the lock at that very moment). From {@value #EXACT_BELOW} linked entries on, the order is
 * approximate, because recording a read of an entry that is nearly the most recent costs more than it changes:
 * a read of a node that, as of the last maintenance, was among the {@code W = linked / 16} nodes most
 * recently linked or moved to the recent end is not recorded, and the node keeps its place. Such an entry
 * is evicted no sooner than after {@code bound - W} other entries were written or read since that read
 * (exact LRU: {@code bound - 1}), that is, at least 15/16 of what exact LRU gives it. On the Zipf trace of
 * the benchmarks (bound 100k) this leaves about a third of the hits to record, and the hit ratio as it was
 * with every read recorded (76.6 %). Under concurrency the
 * order is approximate anyway: reads are dropped when a ring is full or contended, and the rings of
 * different threads are replayed at different times, so recency among reads of different threads is
 * approximate, as in Caffeine.
 *
 * <h2>Slack of the bounds</h2>
 * The bounds hold exactly for the nodes linked into the access order, whenever maintenance ends. A new entry
 * is in the map before it is linked, so at any instant the map may hold, beyond {@code maxEntries}, the
 * entries whose writes are still buffered (at most {@value #WRITE_BUFFER_CAPACITY}) plus one per thread
 * between its map write and its buffer append: with {@code T} writing threads, at most
 * {@code maxEntries + 64 + T} entries, and {@code maxBytes} plus the weights of as many entries. This happens
 * only while the lock holder is slow (descheduled) under heavy write contention; once the writes return and
 * one maintenance runs, the bounds hold exactly. A single entry heavier than {@code maxBytes} is evicted as
 * soon as it is written.
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

    /** Slots of the write buffer: buffered writes are what the bounds may be exceeded by. */
    static final int WRITE_BUFFER_CAPACITY = 64;

    private static final System.Logger LOG = System.getLogger(LocalLruStore.class.getName());
    /** Linked entries below which a single thread sees exact LRU order: every read is recorded. */
    static final int EXACT_BELOW = 1024;
    /** At or above {@link #EXACT_BELOW}, reads of the most recent 1/2^{@value} of the entries are not recorded. */
    static final int RECENT_SHIFT = 4;

    private final String cacheName;
    /**
     * The truth about what is stored. Package-private, as are {@link #order} and {@link #evictionLock}: the
     * tests' {@code LocalLruStoreProbe} reads them.
     */
    final ConcurrentHashMap<K, Node<K, V>> map = new ConcurrentHashMap<>();
    private final Clock clock;
    private final StoreListener listener;
    private final long maxEntries;
    private final long maxBytes;
    /** Whether any bound applies; an unbounded store keeps no access order at all. */
    private final boolean bounded;
    /** Whether entries are weighed (only for a byte bound). */
    private final boolean weighs;

    final ReentrantLock evictionLock = new ReentrantLock();
    /** The access order and the counts the bounds limit; guarded by {@link #evictionLock}. */
    final AccessOrder<K, V> order = new AccessOrder<>();
    private final ReadBuffer<Node<K, V>> readBuffer;
    private final MpscRing<Node<K, V>> writeBuffer;
    private final Consumer<Node<K, V>> replayRead = order::moveToLast;
    private final Consumer<Node<K, V>> applyWrite = this::applyWrite;
    /** Required when a buffered write may wait for maintenance. */
    private final DrainStatus drainStatus = new DrainStatus();
    /** The access order's recent end as of the last maintenance, for readers to skip needless recording. */
    private final RecentMoves recentMoves = new RecentMoves();
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
        this.writeBuffer = bounded ? new MpscRing<>(WRITE_BUFFER_CAPACITY) : null;
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
        Node<K, V> node = Node.of(key, value, expiresAtMillis, weighs);
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
                    return Node.of(k, applied.value(), expiresAt, weighs);
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
        List<Node<K, V>> victims;
        evictionLock.lock();
        try {
            drainStatus.clear();
            victims = fullMaintenance(null);
            for (Node<K, V> node : map.values()) {
                if (map.remove(node.key, node)) {
                    node.retired = true;
                    order.unlink(node);
                }
            }
        } finally {
            evictionLock.unlock();
        }
        notifyVictims(victims);
        drainIfRequired();
    }

    @Override
    public long estimatedSize() {
        return map.mappingCount();
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
            List<Node<K, V>> victims;
            evictionLock.lock();
            try {
                drainStatus.clear();
                if (expired != null) {
                    for (Node<K, V> node : expired) {
                        order.unlink(node);
                    }
                }
                victims = fullMaintenance(null);
            } finally {
                evictionLock.unlock();
            }
            notifyVictims(victims);
            drainIfRequired();
        }
        if (expired == null) {
            return 0;
        }
        for (Node<K, V> node : expired) {
            notifyExpired(node);
        }
        return expired.size();
    }

    private boolean isExpired(Node<K, V> node) {
        long expiresAt = node.expiresAtMillis;
        return expiresAt != StoreEntry.ETERNAL && expiresAt <= clock.millis();
    }

    /** Drops an expired node met on access, unless someone else changed the mapping first. */
    private void expire(Node<K, V> node) {
        if (map.remove(node.key, node)) {
            node.retired = true;
            afterWrite(node, null);
            notifyExpired(node);
        }
    }

    /**
     * Records a read of {@code node}, unless it is among the most recently used entries already (then the
     * read would barely move it); when the reader's ring is full, drains the buffers if the lock is free.
     */
    private void afterRead(Node<K, V> node) {
        if (recentMoves.isRecent(node.stamp)) {
            return;
        }
        if (readBuffer.offer(node) == MpscRing.FULL) {
            drainBuffers(node);
        }
    }

    /**
     * Tells the access order that {@code removed} left the map (and was retired) and {@code added} entered
     * it. When the eviction lock is free, directly: replay this thread's reads and the buffered writes, then
     * this write, then evict. Otherwise through the write buffer, leaving the maintenance to the holder of the
     * lock (which sees it required when it unlocks).
     */
    private void afterWrite(Node<K, V> removed, Node<K, V> added) {
        if (!bounded) {
            return;
        }
        if (evictionLock.tryLock()) {
            List<Node<K, V>> victims;
            try {
                drainStatus.clear();
                readBuffer.drainCurrentTo(replayRead);
                writeBuffer.drainTo(applyWrite);
                if (removed != null) {
                    applyWrite(removed);
                }
                if (added != null) {
                    applyWrite(added);
                }
                victims = evictAndPublish(null);
            } finally {
                evictionLock.unlock();
            }
            notifyVictims(victims);
            drainIfRequired();
            return;
        }
        if (removed != null) {
            enqueue(removed);
        }
        if (added != null) {
            enqueue(added);
        }
        drainStatus.require();
        drainBuffers(null);
    }

    private void enqueue(Node<K, V> node) {
        for (int attempt = 0; !writeBuffer.offer(node); attempt++) {
            // the buffer is full: wait for the lock and empty it, which keeps the bounds' slack bounded
            if (attempt > 0) {
                Thread.yield(); // still full after a drain: a writer claimed a slot and has yet to fill it
            }
            List<Node<K, V>> victims;
            evictionLock.lock();
            try {
                drainStatus.clear();
                victims = maintenance(null);
            } finally {
                evictionLock.unlock();
            }
            notifyVictims(victims);
        }
    }

    /**
     * Runs maintenance while the lock is free and maintenance is required. {@code read}, if not null, is a
     * read that the current thread's ring had no room for, replayed after the ring.
     */
    private void drainBuffers(Node<K, V> read) {
        List<Node<K, V>> victims = null;
        while (evictionLock.tryLock()) {
            try {
                drainStatus.clear();
                readBuffer.drainCurrentTo(replayRead);
                if (read != null) {
                    order.moveToLast(read);
                    read = null;
                }
                victims = applyWritesAndEvict(victims);
            } finally {
                evictionLock.unlock();
            }
            if (!drainStatus.isRequired()) {
                break;
            }
        }
        notifyVictims(victims);
    }

    /** After holding the lock for something else: runs the maintenance a writer may have left to us. */
    void drainIfRequired() {
        if (drainStatus.isRequired()) {
            drainBuffers(null);
        }
    }

    /**
     * Replays the current thread's recorded reads, applies buffered writes, evicts; runs under the eviction
     * lock. The other threads' rings wait for their own threads or the sweeper: no thread touches the cache
     * lines of another's ring on its hot path.
     */
    private List<Node<K, V>> maintenance(List<Node<K, V>> victims) {
        readBuffer.drainCurrentTo(replayRead);
        return applyWritesAndEvict(victims);
    }

    /** As {@link #maintenance}, replaying the reads recorded in every ring; for the sweeper and clear. */
    private List<Node<K, V>> fullMaintenance(List<Node<K, V>> victims) {
        readBuffer.drainTo(replayRead);
        return applyWritesAndEvict(victims);
    }

    /** Applies buffered writes, then {@link #evictAndPublish}; runs under the eviction lock. */
    private List<Node<K, V>> applyWritesAndEvict(List<Node<K, V>> victims) {
        writeBuffer.drainTo(applyWrite);
        return evictAndPublish(victims);
    }

    /**
     * Evicts while a bound is exceeded, then publishes the access order's recent end to readers; runs under
     * the eviction lock.
     */
    private List<Node<K, V>> evictAndPublish(List<Node<K, V>> victims) {
        victims = evictOverflow(victims);
        long size = order.size();
        int window = size < EXACT_BELOW ? 0 : (int) Math.min(Integer.MAX_VALUE, size >>> RECENT_SHIFT);
        recentMoves.publish(order.moves(), window);
        return victims;
    }

    /** A buffered write: a retired node leaves the access order, a live one joins it as most recent. */
    private void applyWrite(Node<K, V> node) {
        if (node.retired) {
            order.unlink(node);
        } else if (!node.linked) {
            order.linkLast(node);
        }
    }

    /** Evicts least recently used nodes while a bound is exceeded; runs under the eviction lock. */
    private List<Node<K, V>> evictOverflow(List<Node<K, V>> victims) {
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
            // otherwise a concurrent write replaced or removed it; its buffered removal finds it unlinked
        }
        return victims;
    }

    private void notifyVictims(List<Node<K, V>> victims) {
        if (victims == null) {
            return;
        }
        for (Node<K, V> victim : victims) {
            if (isExpired(victim)) {
                notifyExpired(victim);
            } else {
                notifyEvicted(victim);
            }
        }
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
