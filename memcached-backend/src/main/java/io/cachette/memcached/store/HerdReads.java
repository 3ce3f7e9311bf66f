package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.FailureCounters;
import io.cachette.memcached.store.internal.KeyLayout;
import io.cachette.memcached.store.internal.KeyTexts;
import io.cachette.memcached.store.internal.Leases;
import io.cachette.memcached.store.internal.MemcachedEntry;
import io.cachette.store.StoreEntry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Herd control of one {@link MemcachedStore}'s read-through ({@code herd.*}; {@link Leases}): a key found missing is
 * read again with memcached's lease ({@code mg … N<ttl>}); the one caller that wins it loads, the others look again
 * at a growing pace for up to {@code herd.wait-ms}, then load themselves. Within the stale-while-revalidate window
 * an expired entry is served while the one caller that claimed its refresh reloads it.
 *
 * @param namespaces the namespace of the current generation, {@code null} when unknown (counted)
 * @param <K>        key type
 * @param <V>        value type
 */
record HerdReads<K, V>(MemcachedClient client, CacheItems<K, V> items, KeyTexts keyTexts, Supplier<String> namespaces,
                       Leases leases, FailureCounters failures, Clock clock, int maxCasRetries) {

    StoreEntry<V> loadMissing(K key, Runnable load, Consumer<StoreEntry<V>> refreshing) {
        if (!leases.enabled()) {
            load.run();
            return null;
        }
        return loadAllMissing(List.of(key), keys -> load.run(), refreshing).get(key);
    }

    /**
     * Reads {@code keys} with leases until each is found, won (loaded here) or waited for in vain (loaded here
     * too); see the class comment.
     */
    Map<K, StoreEntry<V>> loadAllMissing(List<K> keys, Consumer<List<K>> loadAll) {
        if (!leases.enabled()) {
            loadAll.accept(keys);
            return Map.of();
        }
        return loadAllMissing(keys, loadAll, null);
    }

    /** @param refreshing told of each expired entry this caller reloads; {@code null}: nobody to tell */
    private Map<K, StoreEntry<V>> loadAllMissing(List<K> keys, Consumer<List<K>> loadAll,
                                                 Consumer<StoreEntry<V>> refreshing) {
        Map<K, StoreEntry<V>> found = new HashMap<>();
        Map<K, String> texts = new HashMap<>();
        for (K key : keys) {
            texts.put(key, keyTexts.of(key));
        }
        List<K> pending = keys;
        long waitUntil = 0; // when this caller stops waiting for others' loads; 0 until it first waits
        for (int round = 0; !pending.isEmpty(); round++) {
            String namespace = namespaces.get();
            if (namespace == null) {
                loadAll.accept(pending);
                break;
            }
            Map<K, String> memcachedKeys = new LinkedHashMap<>();
            Map<K, CompletableFuture<LeaseRead>> reads = new LinkedHashMap<>();
            for (K key : pending) {
                String memcachedKey = KeyLayout.key(namespace, texts.get(key));
                memcachedKeys.put(key, memcachedKey);
                reads.put(key, client.getOrLease(memcachedKey, leases.leaseSeconds()));
            }
            List<K> mine = new ArrayList<>();
            Map<String, Long> held = new HashMap<>();
            List<K> again = new ArrayList<>();
            boolean othersLoading = false;
            for (Map.Entry<K, CompletableFuture<LeaseRead>> read : reads.entrySet()) {
                K key = read.getKey();
                String memcachedKey = memcachedKeys.get(key);
                LeaseRead lease;
                try {
                    lease = BlockingMemcachedClient.join(read.getValue());
                } catch (MemcachedException e) {
                    failures.failedReads(1, "lease read", memcachedKey, e);
                    mine.add(key); // nobody can coordinate through a server that does not answer
                    continue;
                }
                if (lease.placeholder()) {
                    if (lease.won()) {
                        mine.add(key);
                        held.put(memcachedKey, lease.item().cas());
                    } else {
                        again.add(key);
                        othersLoading = true;
                    }
                    continue;
                }
                switch (classify(key, texts.get(key), namespace, memcachedKey, lease.item(), found, held)) {
                    case FOUND -> { }
                    case GONE -> again.add(key); // expired and deleted: the next read leases it
                    case UNREADABLE -> mine.add(key); // the write replaces it through its CAS
                    case REFRESH -> {
                        mine.add(key);
                        if (refreshing != null) {
                            refreshing.accept(found.remove(key));
                        } else {
                            found.remove(key);
                        }
                    }
                }
            }
            if (!mine.isEmpty()) {
                leases.won(held.size());
                try {
                    loadAll.accept(mine);
                } finally {
                    leases.release(held);
                }
            }
            pending = again;
            if (othersLoading) {
                if (waitUntil == 0) {
                    waitUntil = leases.deadline();
                    leases.waited();
                }
                if (Leases.passed(waitUntil)) {
                    leases.timedOut();
                    loadAll.accept(pending);
                    break;
                }
                Leases.pause(round, waitUntil);
            } else if (round >= maxCasRetries) {
                loadAll.accept(pending); // keeps expiring under our feet: stop reading, load
                break;
            }
        }
        return found;
    }

    /** What a lease read found for one key. */
    private enum LeaseOutcome { FOUND, GONE, UNREADABLE, REFRESH }

    /**
     * Puts the entry of a (non-placeholder) item into {@code found}, or says why there is none. Within the
     * stale-while-revalidate window an expired entry is put there too: as the stale value to serve, or
     * ({@link LeaseOutcome#REFRESH}) as the one this caller reloads, having claimed its refresh (the claim's lease
     * goes into {@code held}).
     */
    private LeaseOutcome classify(K key, String text, String namespace, String memcachedKey, Item item,
                                  Map<K, StoreEntry<V>> found, Map<String, Long> held) {
        Envelope envelope = items.open(memcachedKey, text, item);
        if (envelope == null) {
            return LeaseOutcome.UNREADABLE;
        }
        long now = clock.millis();
        boolean expired = envelope.expiresAtMillis() <= now;
        if (expired && items.staleUntil(envelope.expiresAtMillis()) <= now) {
            items.expire(key, memcachedKey, item, envelope);
            return LeaseOutcome.GONE;
        }
        MemcachedEntry<V> entry = items.live(memcachedKey, item, envelope);
        if (entry == null) {
            return LeaseOutcome.UNREADABLE;
        }
        found.put(key, entry);
        if (!expired) {
            return LeaseOutcome.FOUND;
        }
        String refreshKey = KeyLayout.refreshKey(namespace, text);
        long claim = leases.claimRefresh(refreshKey);
        if (claim == 0) {
            leases.servedStale();
            return LeaseOutcome.FOUND;
        }
        if (claim > 0) {
            held.put(refreshKey, claim);
        }
        return LeaseOutcome.REFRESH;
    }
}
