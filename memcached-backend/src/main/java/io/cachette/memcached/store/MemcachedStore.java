package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.store.internal.CompensatingWrites;
import io.cachette.memcached.store.internal.DeserializationFilter;
import io.cachette.memcached.store.internal.EntryIdentity;
import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.FailureCounters;
import io.cachette.memcached.store.internal.Generations;
import io.cachette.memcached.store.internal.ItemCodec;
import io.cachette.memcached.store.internal.KeyCodec;
import io.cachette.memcached.store.internal.KeyLayout;
import io.cachette.memcached.store.internal.KeyTexts;
import io.cachette.memcached.store.internal.KeyScanner;
import io.cachette.memcached.store.internal.Leases;
import io.cachette.memcached.store.internal.MemcachedEntry;
import io.cachette.memcached.store.internal.MultiGet;
import io.cachette.memcached.store.internal.RecentKeys;
import io.cachette.memcached.store.internal.RejectedPayloadException;
import io.cachette.memcached.store.internal.Signer;
import io.cachette.memcached.store.internal.Ttl;
import io.cachette.memcached.store.internal.ValueCodec;
import io.cachette.memcached.store.internal.near.FeedRecord;
import io.cachette.memcached.store.internal.near.NearTier;
import io.cachette.store.HerdCounters;
import io.cachette.store.Store;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreFailures;
import io.cachette.store.StoreListener;
import io.cachette.store.StoreMutation;
import io.cachette.store.ValueResolver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The {@link Store} of one cache in a memcached cluster. Entries live under
 * {@code <prefix>:<cache>:<generation>:<encoded key>} ({@link KeyLayout}, {@link KeyCodec}) as
 * {@link Envelope}s; nothing about them is kept in this JVM except the cache's {@link Generations generation}.
 *
 * <ul>
 *   <li>Expiry: the envelope's epoch-millisecond expiry is checked on every read, so an expired entry is never
 *       returned; memcached's own TTL ({@link Ttl}) lets the server free the memory, never early. The reader
 *       that deletes an expired entry (by CAS: exactly one) tells the {@link StoreListener}.</li>
 *   <li>{@link #compute}: {@code mg} with CAS, then {@code ms} in ADD mode (absent) or with {@code C<cas>}
 *       (present), or {@code md C<cas>}; a conflict re-reads and re-runs the mutation, up to
 *       {@code max-cas-retries} times with a short randomized backoff, then fails with a {@link CacheException}.</li>
 *   <li>{@link #clear}: increments the generation; {@link #keys}: a snapshot by {@link KeyScanner}, slow, for
 *       iteration and {@code removeAll()} only.</li>
 *   <li>Failures (server down, timeout): reads are misses, writes are dropped, both counted
 *       ({@link #counters()}, {@link FailureCounters}, and in sum through the SPI's {@link StoreFailures}); a write whose outcome is unknown is compensated by
 *       {@link CompensatingWrites}. A write to a server that is down cannot leave a stale value either: the
 *       client flushes a server that was down before it routes keys to it again (see
 *       {@link MemcachedStoreBackend}).</li>
 *   <li>A value whose envelope exceeds {@code max-value-bytes} fails with a {@link CacheException} naming its
 *       size and the limit; nothing is written, the previous value stays.</li>
 * </ul>
 * The store keeps no size bound of its own: memcached's memory ({@code -m}) and LRU decide.
 *
 * <p>Herd control ({@code herd.*}, on by default; {@link Leases}): a key that read-through or an entry processor
 * finds missing is read again with memcached's lease ({@code mg … N<ttl>}); the one caller that wins it loads, the
 * others look again at a growing pace for up to {@code herd.wait-ms}, then load themselves. The winner's value
 * replaces the placeholder through its CAS; a winner without a value deletes it, so the next reader wins; a winner
 * that dies leaves it to expire after {@code herd.lease-seconds}.
 *
 * <p>Near tier ({@code near-cache.max-entries > 0}; {@link NearTier}): every change is first published to the
 * cache's change feed, then made; reads of {@link #get}/{@link #getAll} may be answered from the near tier
 * (strict mode: after one head read per operation). {@link #compute} always works on memcached.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MemcachedStore<K, V> implements Store<K, V>, StoreFailures {

    private static final System.Logger LOG = System.getLogger(MemcachedStore.class.getName());

    private final MemcachedClient client;
    private final String cacheName;
    private final KeyLayout layout;
    private final Generations generations;
    private final ValueCodec codec;
    private final Clock clock;
    private final StoreListener listener;
    private final int maxValueBytes;
    private final int maxCasRetries;
    private final Signer signer;
    private final int itemFlags;
    private final EntryIdentity<V> identities = new EntryIdentity<>();
    private volatile Namespace namespace;
    private final RecentKeys recentKeys = new RecentKeys(TimeUnit.SECONDS.toNanos(30), 1 << 13);
    private final FailureCounters failures;
    private final CompensatingWrites writes;
    private final KeyScanner<K> scanner;
    /** The near tier, {@code null} when off (the default): then no path below does anything more than before. */
    private final NearTier<V> near;
    /** Whether the next plain compute reserves its feed position while it reads: the last one changed its entry. */
    private volatile boolean reserveEarly = true;
    /** Whether readers share decoded values: the cache asked for store-by-reference. */
    private final boolean sharedValues;
    private final KeyTexts keyTexts;
    private final Leases leases;
    /**
     * The one thread per key of this JVM waiting in {@link #computeLoading} for another caller's lease: the other
     * threads of this JVM wait for it, so that a lease that outlives the wait is loaded over once per JVM.
     */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> leaseWaiters = new ConcurrentHashMap<>();

    /** The key prefix of one generation, kept so that the hot path does not rebuild it. */
    private record Namespace(long generation, String prefix) {
    }

    MemcachedStore(MemcachedStoreBackend backend, StoreContext context) {
        MemcachedSettings settings = backend.settings();
        this.client = backend.client();
        this.cacheName = context.cacheName();
        this.layout = new KeyLayout(settings.keyPrefix(), cacheName);
        this.clock = context.clock();
        this.generations = new Generations(client, layout.generationKey(), cacheName, settings.generationRefresh(),
                clock::millis);
        DeserializationFilter filter = new DeserializationFilter(settings.allowPatterns(), settings.denyPatterns(),
                settings.allowApplicationClasses(), context.classLoader(), settings.itemSizeLimit());
        this.codec = new ValueCodec(filter, context.classLoader());
        this.listener = context.listener();
        this.maxValueBytes = settings.maxValueBytes();
        this.maxCasRetries = settings.maxCasRetries();
        this.signer = settings.signingKey() == null ? null
                : new Signer(settings.signingKey(), settings.previousSigningKey(),
                        MemcachedSettings.PREFIX + MemcachedSettings.SIGNING_KEY);
        this.itemFlags = ItemCodec.flags(signer);
        this.failures = new FailureCounters(LOG, cacheName);
        this.writes = new CompensatingWrites(client, cacheName, identities, failures);
        this.scanner = new KeyScanner<>(client, new KeyCodec(codec, filter::admits, context.classLoader()), signer,
                clock, failures);
        this.near = backend.nearTier(context, layout, generations);
        this.sharedValues = context.byReference();
        this.keyTexts = new KeyTexts(sharedValues);
        MemcachedSettings.Herd herd = settings.herd(cacheName,
                context.settings() == null ? Map.of() : context.settings());
        this.leases = new Leases(client, herd.leaseSeconds(), herd.waitTime(), herd.staleWhileRevalidate());
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.REMOTE;
    }

    /** What this store counted since it was created. */
    @Override
    public long absorbedFailures() {
        MemcachedStoreCounters counters = failures.counters();
        return counters.failedReads() + counters.droppedWrites();
    }

    public MemcachedStoreCounters counters() {
        return failures.counters();
    }

    /**
     * The client of this store's cache manager, shared by all its caches: for metrics and health checks (its
     * servers, their {@link MemcachedClient#metrics() counters} and {@code stats}); closed with the manager.
     */
    public MemcachedClient client() {
        return client;
    }

    /** How many entries the near tier holds now, counted one by one ({@code 0} when it is off). */
    public long nearCacheEntries() {
        return near == null ? 0 : near.entries();
    }

    /** What the near tier counted ({@link NearCacheCounters#NONE} when it is off). */
    public NearCacheCounters nearCacheCounters() {
        return near == null ? NearCacheCounters.NONE : near.counters();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public StoreEntry<V> get(K key) {
        String text = keyTexts.of(key);
        if (near != null) {
            return nearGet(key, text);
        }
        return remoteGet(key, text);
    }

    private StoreEntry<V> nearGet(K key, String text) {
        // a key the tier does not hold is read from memcached without proving the tier fresh first
        NearTier.ReadToken token = near.beginRead(text);
        StoreEntry<V> known = near.lookup(text, token);
        if (known != null) {
            return known;
        }
        StoreEntry<V> read = remoteGet(key, text);
        if (read != null) {
            near.fill(text, read, token);
        }
        return read;
    }

    private StoreEntry<V> remoteGet(K key, String text) {
        String namespace = namespaceOrNull();
        if (namespace == null) {
            return null;
        }
        String memcachedKey = KeyLayout.key(namespace, text);
        Item item = read(memcachedKey);
        return item == null ? null : entry(key, text, memcachedKey, item);
    }

    @Override
    public Map<K, StoreEntry<V>> getAll(Collection<? extends K> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        if (near == null) {
            return remoteGetAll(keys);
        }
        Map<K, String> texts = new LinkedHashMap<>();
        for (K key : keys) {
            texts.put(key, keyTexts.of(key));
        }
        NearTier.ReadToken token = near.beginRead(texts.values());
        Map<K, StoreEntry<V>> found = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (Map.Entry<K, String> key : texts.entrySet()) {
            StoreEntry<V> known = near.lookup(key.getValue(), token);
            if (known != null) {
                found.put(key.getKey(), known);
            } else {
                missing.add(key.getKey());
            }
        }
        if (!missing.isEmpty()) {
            Map<K, StoreEntry<V>> read = remoteGetAll(missing);
            for (Map.Entry<K, StoreEntry<V>> entry : read.entrySet()) {
                near.fill(texts.get(entry.getKey()), entry.getValue(), token);
            }
            found.putAll(read);
        }
        return found;
    }

    private Map<K, StoreEntry<V>> remoteGetAll(Collection<? extends K> keys) {
        String namespace = namespaceOrNull();
        if (namespace == null) {
            return Map.of();
        }
        Map<String, K> byMemcachedKey = new LinkedHashMap<>();
        Map<String, String> texts = new HashMap<>();
        for (K key : keys) {
            String text = keyTexts.of(key);
            String memcachedKey = KeyLayout.key(namespace, text);
            byMemcachedKey.put(memcachedKey, key);
            texts.put(memcachedKey, text);
        }
        Map<String, Item> items = MultiGet.read(client, byMemcachedKey.keySet(), failures);
        Map<K, StoreEntry<V>> found = new LinkedHashMap<>();
        for (Map.Entry<String, K> candidate : byMemcachedKey.entrySet()) {
            Item item = items.get(candidate.getKey());
            if (item != null) {
                StoreEntry<V> entry = entry(candidate.getValue(), texts.get(candidate.getKey()), candidate.getKey(),
                        item);
                if (entry != null) {
                    found.put(candidate.getValue(), entry);
                }
            }
        }
        return found;
    }

    /** The item under {@code memcachedKey}, or {@code null} on a miss or a failure (counted). */
    private Item read(String memcachedKey) {
        try {
            return BlockingMemcachedClient.join(client.get(memcachedKey));
        } catch (MemcachedException e) {
            failures.failedReads(1, "read", memcachedKey, e);
            return null;
        }
    }

    /**
     * The live entry of an item, or {@code null} when it is expired (then deleted and reported), foreign,
     * another key's, or rejected by the deserialization filter.
     */
    private MemcachedEntry<V> entry(K key, String text, String memcachedKey, Item item) {
        if (item.placeholder()) {
            return null; // another caller is loading it
        }
        recentKeys.touched(text);
        Envelope envelope = envelope(memcachedKey, text, item);
        if (envelope == null) {
            return null;
        }
        long now = clock.millis();
        if (envelope.expiresAtMillis() <= now) {
            if (staleUntil(envelope.expiresAtMillis()) <= now) {
                expire(key, memcachedKey, item, envelope);
            } // else kept for stale-while-revalidate: read-through serves it while one caller reloads
            return null;
        }
        return live(memcachedKey, item, envelope);
    }

    /** The entry of a live item: the instance already handed out for this version, or a newly decoded one. */
    private MemcachedEntry<V> live(String memcachedKey, Item item, Envelope envelope) {
        MemcachedEntry<V> known = identities.find(memcachedKey, item.cas(), item.value());
        if (known != null) {
            return known;
        }
        V value = decodeValue(memcachedKey, envelope);
        if (value == null) {
            return null;
        }
        MemcachedEntry<V> entry = new MemcachedEntry<>(memcachedKey, item.cas(), envelope, value, codec,
                sharedValues);
        identities.remember(entry);
        return entry;
    }

    /** The envelope of an item of key {@code text}, or {@code null} (counted) when it is not a valid one. */
    private Envelope envelope(String memcachedKey, String text, Item item) {
        try {
            return ItemCodec.open(signer, memcachedKey, text, item);
        } catch (RejectedPayloadException e) {
            failures.rejected(memcachedKey, e);
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private V decodeValue(String memcachedKey, Envelope envelope) {
        try {
            return (V) codec.read(envelope.codec(), envelope.bytes(), envelope.payloadOffset(),
                    envelope.payloadLength());
        } catch (RejectedPayloadException e) {
            failures.rejected(memcachedKey, e);
            return null;
        }
    }

    /**
     * Deletes an expired item if it is still that version, and tells the listener when this call deleted it.
     *
     * @return the delete's result, {@code null} when it failed
     */
    private WriteResult expire(K key, String memcachedKey, Item item, Envelope envelope) {
        WriteResult result;
        try {
            result = BlockingMemcachedClient.join(client.delete(memcachedKey, item.cas()));
        } catch (MemcachedException e) {
            return null; // memcached frees it by its own TTL shortly; the entry is not returned either way
        }
        identities.forget(memcachedKey);
        if (result == WriteResult.OK) {
            V value = decodeValue(memcachedKey, envelope);
            if (value != null) {
                try {
                    listener.expired(key, value);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "expiry listener of cache " + cacheName + " failed", e);
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- herd control

    @Override
    public StoreEntry<V> loadMissing(K key, Runnable load, Consumer<StoreEntry<V>> refreshing) {
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
    @Override
    public Map<K, StoreEntry<V>> loadAllMissing(List<K> keys, Consumer<List<K>> loadAll) {
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
            String namespace = namespaceOrNull();
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
        recentKeys.touched(text);
        Envelope envelope = envelope(memcachedKey, text, item);
        if (envelope == null) {
            return LeaseOutcome.UNREADABLE;
        }
        long now = clock.millis();
        boolean expired = envelope.expiresAtMillis() <= now;
        if (expired && staleUntil(envelope.expiresAtMillis()) <= now) {
            expire(key, memcachedKey, item, envelope);
            return LeaseOutcome.GONE;
        }
        MemcachedEntry<V> entry = live(memcachedKey, item, envelope);
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

    /** Until when an entry expiring at {@code expiresAtMillis} may be served stale (its expiry when never). */
    private long staleUntil(long expiresAtMillis) {
        long window = leases.staleWhileRevalidateMillis();
        return window == 0 || expiresAtMillis == StoreEntry.ETERNAL ? expiresAtMillis : expiresAtMillis + window;
    }

    /** memcached's TTL of an entry expiring at {@code expiresAtMillis}: kept through its stale window. */
    private int ttl(long expiresAtMillis, long now) {
        return Ttl.seconds(staleUntil(expiresAtMillis), now);
    }

    /** What herd control counted for this cache in this JVM. */
    @Override
    public HerdCounters herdCounters() {
        return leases.counters();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value, long expiresAtMillis) {
        String text = keyTexts.of(key);
        String namespace = namespaceOrNull();
        if (namespace == null) {
            failures.droppedWrites(1, null, null, null);
            return;
        }
        String memcachedKey = KeyLayout.key(namespace, text);
        long now = clock.millis();
        if (expiresAtMillis <= now) {
            NearTier.Publication published = publish(FeedRecord.Kind.REMOVE, List.of(text));
            try {
                writes.delete(memcachedKey, 0);
            } finally {
                written(published);
            }
            return;
        }
        byte[] bytes = envelope(key, value, expiresAtMillis, text, memcachedKey);
        NearTier.Publication published = publish(FeedRecord.Kind.WRITE, List.of(text));
        try {
            writes.write(memcachedKey, StoreMode.SET, bytes, itemFlags, ttl(expiresAtMillis, now), 0, null);
        } finally {
            written(published);
        }
    }

    /** Publishes a change to the feed before it is made; {@code null} without a near tier. */
    private NearTier.Publication publish(FeedRecord.Kind kind, List<String> texts) {
        return near == null ? null : near.publish(kind, texts);
    }

    /** After the write of a publication, whatever its outcome. */
    private void written(NearTier.Publication published) {
        if (published != null) {
            near.written(published);
        }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries, long expiresAtMillis) {
        if (entries.isEmpty()) {
            return;
        }
        String namespace = namespaceOrNull();
        if (namespace == null) {
            failures.droppedWrites(entries.size(), null, null, null);
            return;
        }
        long now = clock.millis();
        if (expiresAtMillis <= now) {
            entries.keySet().forEach(this::remove);
            return;
        }
        int ttl = ttl(expiresAtMillis, now);
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        List<String> texts = near == null ? null : new ArrayList<>(entries.size());
        for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
            String text = keyTexts.of(entry.getKey());
            String memcachedKey = KeyLayout.key(namespace, text);
            encoded.put(memcachedKey, envelope(entry.getKey(), entry.getValue(), expiresAtMillis, text, memcachedKey));
            if (texts != null) {
                texts.add(text);
            }
        }
        NearTier.Publication published = publish(FeedRecord.Kind.WRITE, texts);
        try {
            writes.setAll(encoded, itemFlags, ttl);
        } finally {
            written(published);
        }
    }

    @Override
    public boolean remove(K key) {
        boolean[] removed = new boolean[1];
        compute(key, current -> {
            removed[0] = current != null;
            return current == null ? StoreMutation.keep() : StoreMutation.remove();
        });
        return removed[0];
    }

    @Override
    public StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation) {
        return compute(key, mutation, false);
    }

    @Override
    public StoreMutation<V> computeLoading(K key, StoreMutation.Function<V> mutation) {
        return compute(key, mutation, leases.enabled());
    }

    private StoreMutation<V> compute(K key, StoreMutation.Function<V> mutation, boolean loading) {
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
            written(change.published);
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
            String namespace = namespaceOrNull();
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
                recentKeys.touched(text);
                Envelope envelope = envelope(memcachedKey, text, item);
                if (envelope == null) {
                    // foreign or rejected: the mutation sees a miss, a write replaces the item through its CAS
                } else if (envelope.expiresAtMillis() <= clock.millis()
                        && staleUntil(envelope.expiresAtMillis()) > clock.millis()) {
                    // expired, kept for stale-while-revalidate: the mutation sees a miss, a write replaces it by CAS
                } else if (envelope.expiresAtMillis() <= clock.millis()) {
                    WriteResult expired = expire(key, memcachedKey, item, envelope);
                    if (expired == WriteResult.EXISTS) {
                        conflict(key, ++conflicts);
                        continue;
                    }
                    if (expired != null) {
                        item = null; // deleted: absent now
                    }
                } else {
                    current = live(memcachedKey, item, envelope);
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
            throw new CacheException("compute on key " + abbreviate(key) + " of cache " + cacheName
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
                byte[] bytes = envelope(key, decision.value(), decision.expiresAtMillis(), text, memcachedKey);
                int ttl = ttl(decision.expiresAtMillis(), now);
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

    private byte[] envelope(K key, V value, long expiresAtMillis, String text, String memcachedKey) {
        recentKeys.touched(text);
        byte[] bytes = ItemCodec.seal(signer, memcachedKey, text, value, expiresAtMillis);
        if (bytes.length > maxValueBytes) {
            throw new CacheException("The value for key " + abbreviate(key) + " of cache " + cacheName + " is "
                    + bytes.length + " bytes serialized (with its envelope), over the memcached limit of "
                    + maxValueBytes + " bytes (" + MemcachedSettings.PREFIX + MemcachedSettings.MAX_VALUE_BYTES
                    + ", below the servers' item size limit); nothing was written");
        }
        return bytes;
    }

    // ---------------------------------------------------------------- clear and keys

    @Override
    public void resolveValuesWith(ValueResolver resolver) {
        codec.resolveWith(resolver);
    }

    @Override
    public void clear() {
        NearTier.Publication published = publish(FeedRecord.Kind.CLEAR, List.of());
        try {
            generations.bump();
        } finally {
            written(published);
        }
        identities.clear();
        recentKeys.clear();
    }

    @Override
    public Iterator<K> keys() {
        String namespace = namespaceOrNull();
        if (namespace == null) {
            return Collections.emptyIterator();
        }
        return scanner.keys(namespace, recentKeys.recent());
    }

    @Override
    public void close() {
        identities.clear();
        recentKeys.clear();
        if (near != null) {
            near.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The namespace of the current generation, or {@code null} (counted as a failed read) when unknown. */
    private String namespaceOrNull() {
        try {
            long generation = generations.current();
            Namespace known = namespace;
            if (known != null && known.generation == generation) {
                return known.prefix;
            }
            Namespace fresh = new Namespace(generation, layout.namespace(generation));
            namespace = fresh;
            return fresh.prefix;
        } catch (Generations.UnavailableException e) {
            failures.failedReads(1, "generation read", layout.generationKey(), e);
            return null;
        }
    }

    private static void backoff(int attempt) {
        if (attempt < 2) {
            Thread.onSpinWait();
            return;
        }
        long maxMicros = Math.min(5_000, 50L << Math.min(attempt, 7));
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, maxMicros)));
    }

    private static String abbreviate(Object key) {
        String text = String.valueOf(key);
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    @Override
    public String toString() {
        return "MemcachedStore{" + cacheName + " on " + client.servers() + "}";
    }
}
