package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.store.internal.CompensatingWrites;
import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.FailureCounters;
import io.cachette.memcached.store.internal.KeyLayout;
import io.cachette.memcached.store.internal.KeyTexts;
import io.cachette.memcached.store.internal.Leases;
import io.cachette.memcached.store.internal.MemcachedEntry;
import io.cachette.memcached.store.internal.near.FeedRecord;
import io.cachette.memcached.store.internal.near.NearTier;
import io.cachette.store.StoreMutation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * The compare-and-set loop of one {@link MemcachedStore} ({@code compute}, and through it every conditional JCache
 * operation and entry processor): {@code mg} with CAS, then {@code ms} in ADD mode (absent) or with {@code C<cas>}
 * (present), or {@code md C<cas>}; a conflict re-reads and re-runs the mutation, up to {@code max-cas-retries} times
 * with a short randomized backoff, then fails with a {@link CacheException}. With a near tier, the first decision to
 * change the entry is published to the change feed before it is written; with herd control, an absent entry is
 * read with a lease when loading.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class ComputeLoop<K, V> {

    private final MemcachedClient client;
    private final String cacheName;
    private final CacheItems<K, V> items;
    private final KeyTexts keyTexts;
    private final Supplier<String> namespaces;
    private final CompensatingWrites writes;
    private final FailureCounters failures;
    private final Leases leases;
    /** The near tier, {@code null} when off: then no path below does anything more than without one. */
    private final NearTier<V> near;
    private final Clock clock;
    private final int itemFlags;
    private final int maxCasRetries;
    /** Whether the next plain compute reserves its feed position while it reads: the last one changed its entry. */
    private volatile boolean reserveEarly = true;
    /**
     * The one thread per key of this JVM waiting for another caller's lease: the other threads of this JVM wait for
     * it, so that a lease that outlives the wait is loaded over once per JVM.
     */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> leaseWaiters = new ConcurrentHashMap<>();

    /** @param namespaces the namespace of the current generation, {@code null} when unknown (counted) */
    ComputeLoop(MemcachedClient client, String cacheName, CacheItems<K, V> items, KeyTexts keyTexts,
                Supplier<String> namespaces, CompensatingWrites writes, FailureCounters failures, Leases leases,
                NearTier<V> near, Clock clock, int itemFlags, int maxCasRetries) {
        this.client = client;
        this.cacheName = cacheName;
        this.items = items;
        this.keyTexts = keyTexts;
        this.namespaces = namespaces;
        this.writes = writes;
        this.failures = failures;
        this.leases = leases;
        this.near = near;
        this.clock = clock;
        this.itemFlags = itemFlags;
        this.maxCasRetries = maxCasRetries;
    }

    /** Runs {@code mutation} on the entry of {@code key}; {@code loading}: an absent entry is leased. */
    StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation, boolean loading) {
        if (near == null) {
            return compute(key, keyTexts.of(key), mutation, loading, null);
        }
        Change change = new Change();
        if (!loading && reserveEarly) {
            change.reservation = near.reserve(); // in flight with the loop's first read
        }
        boolean changed = false;
        try {
            StoreMutation<V> decision = compute(key, keyTexts.of(key), mutation, loading, change);
            changed = decision.kind() != StoreMutation.Kind.KEEP;
            return decision;
        } finally {
            change.releaseReservation(near);
            if (!loading) {
                reserveEarly = changed;
            }
            if (change.published != null) {
                near.written(change.published); // after the write, whatever its outcome
            }
        }
    }

    /**
     * The feed side of one compute with a near tier: the position reserved before the first read, if any, and the
     * publication of its first decision to change the entry.
     *
     * <p>Why reserve: publishing costs a head advance ({@code ma}) that must return before the change is made;
     * sent together with the loop's first read, it costs no round trip of its own. The position then needs a
     * record whatever the decision: the change's, or (a decision to keep, or none made in the first round) one
     * naming nothing. A store whose last plain compute kept its entry does not reserve for the next one, so that
     * computes that mostly keep (a remove of an absent key, a failed conditional write) add no commands.
     */
    private static final class Change {
        NearTier.Reservation reservation;
        NearTier.Publication published;

        void releaseReservation(NearTier<?> near) {
            NearTier.Reservation unused = reservation;
            if (unused != null) {
                reservation = null;
                near.release(unused);
            }
        }
    }

    /** Publishes the change of {@code text} before it is made, at the reserved position if there is one. */
    private void publish(Change change, FeedRecord.Kind kind, String text) {
        NearTier.Reservation reserved = change.reservation;
        change.reservation = null; // used up whatever happens: a failed advance leaves no position to fill
        change.published = near.publish(kind, List.of(text), reserved);
    }

    /**
     * The compare-and-set loop; with a near tier ({@code change} not {@code null}) the first decision to change
     * the entry is published to the feed before it is written, and left in {@code change.published}. When
     * {@code loading}, an absent entry is read with a lease: the winner decides on it, the others wait (bounded)
     * for the entry it writes.
     */
    private StoreMutation<V> compute(K key, String text, StoreMutation.Function<V> mutation, boolean loading,
                                     Change change) {
        if (!loading) {
            return compute(key, text, mutation, false, change, null);
        }
        CompletableFuture<Void> waiting = new CompletableFuture<>(); // this thread's turn as the JVM's waiter
        try {
            return compute(key, text, mutation, true, change, waiting);
        } finally {
            leaseWaiters.remove(text, waiting);
            waiting.complete(null);
        }
    }

    /** The loop of {@link #compute}; {@code waiting} is offered to other threads as this one's wait, if it waits. */
    private StoreMutation<V> compute(K key, String text, StoreMutation.Function<V> mutation, boolean loading,
                                     Change change, CompletableFuture<Void> waiting) {
        int conflicts = 0;
        long waitUntil = 0; // when this caller stops waiting for another's load; 0 until it first waits
        boolean waitedOut = false;
        for (int round = 0; ; round++) {
            if (round > 0 && change != null) {
                change.releaseReservation(near); // only the first round's decision may use it: it is waited for
            }
            String namespace = namespaces.get();
            if (namespace == null) {
                return unreadable(mutation, text, null, null, change);
            }
            String memcachedKey = KeyLayout.key(namespace, text);
            Item item;
            long lease = 0; // the CAS of the placeholder whose lease this caller won
            try {
                if (loading && !waitedOut) {
                    LeaseRead read = BlockingMemcachedClient.join(client.getOrLease(memcachedKey,
                            leases.leaseSeconds()));
                    item = read.item();
                    if (read.placeholder() && read.won()) {
                        lease = item.cas();
                        leases.won(1);
                    } else if (read.placeholder()) {
                        if (waitUntil == 0) {
                            waitUntil = leases.deadline();
                            leases.waited();
                        }
                        CompletableFuture<Void> other = leaseWaiters.putIfAbsent(text, waiting);
                        if (other != null && other != waiting) {
                            other.join(); // that thread waits (bounded) and decides; then read what it left
                            continue;
                        }
                        if (!Leases.passed(waitUntil)) {
                            Leases.pause(round, waitUntil);
                            continue;
                        }
                        leases.timedOut();
                        waitedOut = true; // decide on the absent entry; the write replaces the placeholder by CAS
                    }
                } else {
                    item = BlockingMemcachedClient.join(client.get(memcachedKey));
                }
            } catch (MemcachedException e) {
                return unreadable(mutation, text, memcachedKey, e, change);
            }
            MemcachedEntry<V> current = null;
            if (item != null && !item.placeholder()) {
                Envelope envelope = items.open(memcachedKey, text, item);
                if (envelope == null) {
                    // foreign or rejected: the mutation sees a miss, a write replaces the item through its CAS
                } else if (envelope.expiresAtMillis() <= clock.millis()
                        && items.staleUntil(envelope.expiresAtMillis()) > clock.millis()) {
                    // expired, kept for stale-while-revalidate: the mutation sees a miss, a write replaces it by CAS
                } else if (envelope.expiresAtMillis() <= clock.millis()) {
                    WriteResult expired = items.expire(key, memcachedKey, item, envelope);
                    if (expired == WriteResult.EXISTS) {
                        conflict(key, ++conflicts);
                        continue;
                    }
                    if (expired != null) {
                        item = null; // deleted: absent now
                    }
                } else {
                    current = items.live(memcachedKey, item, envelope);
                }
            }
            StoreMutation<V> decision;
            try {
                decision = mutation.apply(current);
            } catch (RuntimeException | Error e) {
                giveBack(memcachedKey, lease);
                throw e;
            }
            if (change != null && change.published == null && decision.kind() != StoreMutation.Kind.KEEP) {
                publish(change, decision.kind() == StoreMutation.Kind.REMOVE ? FeedRecord.Kind.REMOVE
                        : FeedRecord.Kind.WRITE, text);
            }
            if (apply(key, text, memcachedKey, item, decision)) {
                if (decision.kind() == StoreMutation.Kind.KEEP) {
                    giveBack(memcachedKey, lease);
                }
                return decision;
            }
            conflict(key, ++conflicts);
        }
    }

    /** Counts a compare-and-set conflict and backs off before the next attempt, or gives up after too many. */
    private void conflict(K key, int conflicts) {
        failures.casConflict();
        if (conflicts >= maxCasRetries) {
            throw new CacheException("compute on key " + CacheItems.abbreviate(key) + " of cache " + cacheName
                    + " gave up after " + maxCasRetries + " compare-and-set conflicts (other writers keep"
                    + " changing it; raise " + MemcachedSettings.PREFIX + MemcachedSettings.MAX_CAS_RETRIES
                    + ")");
        }
        backoff(conflicts);
    }

    /** Gives back the lease on the placeholder with CAS {@code lease} ({@code 0}: none held). */
    private void giveBack(String memcachedKey, long lease) {
        if (lease != 0) {
            leases.release(Map.of(memcachedKey, lease));
        }
    }

    /**
     * Writes a decision through the CAS of the item it was made on ({@code item}: {@code null} when absent).
     *
     * @return {@code false} on a conflict (someone else changed the key in between)
     */
    private boolean apply(K key, String text, String memcachedKey, Item item, StoreMutation<V> decision) {
        switch (decision.kind()) {
            case KEEP:
                return true;
            case REMOVE:
                return item == null || succeeded(writes.delete(memcachedKey, item.cas()));
            case WRITE:
            default:
                long now = clock.millis();
                if (decision.expiresAtMillis() <= now) {
                    return item == null || succeeded(writes.delete(memcachedKey, item.cas()));
                }
                byte[] bytes = items.seal(key, decision.value(), decision.expiresAtMillis(), text, memcachedKey);
                int ttl = items.ttl(decision.expiresAtMillis(), now);
                WriteResult result = item == null
                        ? writes.write(memcachedKey, StoreMode.ADD, bytes, itemFlags, ttl, 0, null)
                        : writes.write(memcachedKey, StoreMode.SET, bytes, itemFlags, ttl, item.cas(), item);
                return succeeded(result);
        }
    }

    /** A conditional write succeeded, or failed and was dropped ({@code null}); anything else is a conflict. */
    private static boolean succeeded(WriteResult result) {
        return result == null || result == WriteResult.OK;
    }

    /** A compute whose read failed: the mutation decides on a miss, and any write it wants is dropped. */
    private StoreMutation<V> unreadable(StoreMutation.Function<V> mutation, String text, String memcachedKey,
                                        MemcachedException e,
                                        Change change) {
        failures.failedReads(1, "read", memcachedKey, e);
        StoreMutation<V> decision = mutation.apply(null);
        if (decision.kind() != StoreMutation.Kind.KEEP) {
            failures.droppedWrites(1, null, null, null);
            if (memcachedKey != null && e != null) {
                if (change != null && change.published == null) {
                    // the compensating delete is a change too: near caches must drop the key
                    try {
                        publish(change, FeedRecord.Kind.REMOVE, text);
                    } catch (CacheException feedDown) {
                        // the write is dropped either way; near caches keep the value it would have replaced
                    }
                }
                writes.compensate("write", memcachedKey, e);
            }
        }
        return decision;
    }

    private static void backoff(int attempt) {
        if (attempt < 2) {
            Thread.onSpinWait();
            return;
        }
        long maxMicros = Math.min(5_000, 50L << Math.min(attempt, 7));
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, maxMicros)));
    }
}
