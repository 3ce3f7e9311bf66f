package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.StoreMode;
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
import io.cachette.memcached.store.internal.MultiGet;
import io.cachette.memcached.store.internal.RecentKeys;
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
import java.util.concurrent.TimeUnit;
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
 *       that deletes an expired entry (by CAS: exactly one) tells the {@link StoreListener}. How every path
 *       opens, decodes, expires and seals items: {@link CacheItems}.</li>
 *   <li>{@link #compute}: the compare-and-set loop ({@link ComputeLoop}); a conflict re-reads and re-runs the
 *       mutation, up to {@code max-cas-retries} times, then fails with a {@link CacheException}.</li>
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
 * <p>Herd control ({@code herd.*}, on by default; {@link Leases}, {@link HerdReads}): a key that read-through or
 * an entry processor finds missing is read again with memcached's lease ({@code mg … N<ttl>}); the one caller that wins it loads, the
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
    /** Whether readers share decoded values: the cache asked for store-by-reference. */
    private final boolean sharedValues;
    private final KeyTexts keyTexts;
    private final Leases leases;
    private final CacheItems<K, V> items;
    private final HerdReads<K, V> herdReads;
    private final ComputeLoop<K, V> computeLoop;

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
        this.items = new CacheItems<>(client, cacheName, clock, listener, signer, codec, identities, recentKeys,
                failures, maxValueBytes, leases.staleWhileRevalidateMillis(), sharedValues);
        this.herdReads = new HerdReads<>(client, items, keyTexts, this::namespaceOrNull, leases, failures, clock,
                maxCasRetries);
        this.computeLoop = new ComputeLoop<>(client, cacheName, items, keyTexts, this::namespaceOrNull, writes,
                failures, leases, near, clock, itemFlags, maxCasRetries);
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
        return item == null ? null : items.entry(key, text, memcachedKey, item);
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
        Map<String, Item> read = MultiGet.read(client, byMemcachedKey.keySet(), failures);
        Map<K, StoreEntry<V>> found = new LinkedHashMap<>();
        for (Map.Entry<String, K> candidate : byMemcachedKey.entrySet()) {
            Item item = read.get(candidate.getKey());
            if (item != null) {
                StoreEntry<V> entry = items.entry(candidate.getValue(), texts.get(candidate.getKey()),
                        candidate.getKey(), item);
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

    // ---------------------------------------------------------------- herd control

    @Override
    public StoreEntry<V> loadMissing(K key, Runnable load, Consumer<StoreEntry<V>> refreshing) {
        return herdReads.loadMissing(key, load, refreshing);
    }

    /** Reads {@code keys} with leases until each is found, won or waited for in vain ({@link HerdReads}). */
    @Override
    public Map<K, StoreEntry<V>> loadAllMissing(List<K> keys, Consumer<List<K>> loadAll) {
        return herdReads.loadAllMissing(keys, loadAll);
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
        byte[] bytes = items.seal(key, value, expiresAtMillis, text, memcachedKey);
        NearTier.Publication published = publish(FeedRecord.Kind.WRITE, List.of(text));
        try {
            writes.write(memcachedKey, StoreMode.SET, bytes, itemFlags, items.ttl(expiresAtMillis, now), 0, null);
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
        int ttl = items.ttl(expiresAtMillis, now);
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        List<String> texts = near == null ? null : new ArrayList<>(entries.size());
        for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
            String text = keyTexts.of(entry.getKey());
            String memcachedKey = KeyLayout.key(namespace, text);
            encoded.put(memcachedKey, items.seal(entry.getKey(), entry.getValue(), expiresAtMillis, text, memcachedKey));
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
        return computeLoop.compute(key, mutation, false);
    }

    @Override
    public StoreMutation<V> computeLoading(K key, StoreMutation.Function<V> mutation) {
        return computeLoop.compute(key, mutation, leases.enabled());
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

    @Override
    public String toString() {
        return "MemcachedStore{" + cacheName + " on " + client.servers() + "}";
    }
}
