package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.ValueTooLargeException;
import io.cachette.memcached.WriteResult;
import io.cachette.store.Store;
import io.cachette.store.StoreFailures;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheException;

/**
 * The {@link Store} of one cache in a memcached cluster. Entries live under
 * {@code <prefix>:<cache>:<generation>:<encoded key>} ({@link KeyLayout}, {@link KeyCodec}) as
 * {@link Envelope}s; nothing about them is kept in this JVM except the cache's {@link Generations generation}.
 *
 * <ul>
 *   <li>Expiry: the envelope's epoch-millisecond expiry is checked on every read, so an expired entry is never
 *       returned; memcached's own TTL is the remaining time rounded up to the second plus one second (its clock
 *       ticks in whole seconds), or an absolute unix time beyond 30 days, so the server frees the memory
 *       without ever dropping an entry early. The reader that deletes an expired entry (by CAS: exactly one)
 *       tells the {@link StoreListener}.</li>
 *   <li>{@link #compute}: {@code mg} with CAS, then {@code ms} in ADD mode (absent) or with {@code C<cas>}
 *       (present), or {@code md C<cas>}; a conflict re-reads and re-runs the mutation, up to
 *       {@code max-cas-retries} times with a short randomized backoff, then fails with a {@link CacheException}.</li>
 *   <li>{@link #clear}: increments the generation; {@link #keys}: {@code lru_crawler metadump} of every server,
 *       filtered by this cache's namespace, joined with the keys this store touched recently ({@link RecentKeys}:
 *       the dump misses items that memcached is moving between its LRU lists), deduplicated and checked with a
 *       multi-get — a snapshot, not a
 *       consistent view, and slow (each dump takes ~150 ms): for iteration and {@code removeAll()}, never hot
 *       paths.</li>
 *   <li>Failures (server down, timeout): reads are misses, writes are dropped, both counted
 *       ({@link #counters()}). A write whose outcome is unknown (timeout, server error) is followed by an
 *       unconditional delete of the key so that the previous value cannot stay visible; if that delete fails
 *       too on a server still considered up, the operation throws a {@link CacheException} saying so. A write
 *       to a server that is down cannot leave a stale value either: the client flushes a server that was down
 *       before it routes keys to it again (see {@link MemcachedStoreBackend}).</li>
 *   <li>A value whose envelope exceeds {@code max-value-bytes} fails with a {@link CacheException} naming its
 *       size and the limit; nothing is written, the previous value stays.</li>
 * </ul>
 * The store keeps no size bound of its own: memcached's memory ({@code -m}) and LRU decide.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MemcachedStore<K, V> implements Store<K, V>, StoreFailures {

    private static final System.Logger LOG = System.getLogger(MemcachedStore.class.getName());
    private static final int SECONDS_30_DAYS = 30 * 24 * 60 * 60;
    private static final int KEYS_BATCH = 256;

    private final MemcachedStoreBackend backend;
    private final MemcachedClient client;
    private final String cacheName;
    private final KeyLayout layout;
    private final Generations generations;
    private final ValueCodec codec;
    private final KeyCodec keyCodec;
    private final Clock clock;
    private final StoreListener listener;
    private final int maxValueBytes;
    private final int maxCasRetries;
    private final Signer signer;
    private final int itemFlags;
    private final EntryIdentity<V> identities = new EntryIdentity<>();
    private volatile Namespace namespace;
    private final RecentKeys recentKeys = new RecentKeys(TimeUnit.SECONDS.toNanos(30), 1 << 13);
    private final LongAdder failedReads = new LongAdder();
    private final LongAdder droppedWrites = new LongAdder();
    private final LongAdder rejectedPayloads = new LongAdder();
    private final LongAdder casConflicts = new LongAdder();

    /** The key prefix of one generation, kept so that the hot path does not rebuild it. */
    private record Namespace(long generation, String prefix) {
    }

    MemcachedStore(MemcachedStoreBackend backend, StoreContext context) {
        MemcachedSettings settings = backend.settings();
        this.backend = backend;
        this.client = backend.client();
        this.cacheName = context.cacheName();
        this.layout = new KeyLayout(settings.keyPrefix(), cacheName);
        this.generations = new Generations(client, layout.generationKey(), cacheName, settings.generationRefresh(),
                System::currentTimeMillis);
        DeserializationFilter filter = new DeserializationFilter(settings.allowPatterns(), settings.denyPatterns(),
                settings.allowApplicationClasses(), context.classLoader(), settings.itemSizeLimit());
        this.codec = new ValueCodec(filter, context.classLoader());
        this.keyCodec = new KeyCodec(codec, filter, context.classLoader());
        this.clock = context.clock();
        this.listener = context.listener();
        this.maxValueBytes = settings.maxValueBytes();
        this.maxCasRetries = settings.maxCasRetries();
        this.signer = settings.signingKey() == null ? null
                : new Signer(settings.signingKey(), settings.previousSigningKey());
        this.itemFlags = signer == null ? Envelope.FLAGS : Signer.SIGNED_FLAGS;
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.REMOTE;
    }

    /** What this store counted since it was created. */
    @Override
    public long absorbedFailures() {
        return failedReads.sum() + droppedWrites.sum();
    }

    public MemcachedStoreCounters counters() {
        return new MemcachedStoreCounters(failedReads.sum(), droppedWrites.sum(), rejectedPayloads.sum(),
                casConflicts.sum());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public StoreEntry<V> get(K key) {
        String text = KeyCodec.encode(key);
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
        String namespace = namespaceOrNull();
        if (namespace == null) {
            return Map.of();
        }
        Map<String, K> byMemcachedKey = new LinkedHashMap<>();
        Map<String, String> texts = new HashMap<>();
        for (K key : keys) {
            String text = KeyCodec.encode(key);
            String memcachedKey = KeyLayout.key(namespace, text);
            byMemcachedKey.put(memcachedKey, key);
            texts.put(memcachedKey, text);
        }
        Map<String, Item> items = readAll(byMemcachedKey.keySet());
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
            failedReads.increment();
            logFailure("read", memcachedKey, e);
            return null;
        }
    }

    /** The items of many keys: one multi-get per server, each failing (as misses) on its own. */
    private Map<String, Item> readAll(Collection<String> memcachedKeys) {
        Map<ServerAddress, List<String>> byServer = new LinkedHashMap<>();
        for (String memcachedKey : memcachedKeys) {
            byServer.computeIfAbsent(client.serverFor(memcachedKey), s -> new ArrayList<>()).add(memcachedKey);
        }
        Map<List<String>, CompletableFuture<Map<String, Item>>> pending = new LinkedHashMap<>();
        for (List<String> group : byServer.values()) {
            pending.put(group, client.getMulti(group));
        }
        Map<String, Item> items = new HashMap<>();
        for (Map.Entry<List<String>, CompletableFuture<Map<String, Item>>> part : pending.entrySet()) {
            try {
                items.putAll(BlockingMemcachedClient.join(part.getValue()));
            } catch (MemcachedException e) {
                failedReads.add(part.getKey().size());
                logFailure("multi-get", part.getKey().get(0), e);
            }
        }
        return items;
    }

    /**
     * The live entry of an item, or {@code null} when it is expired (then deleted and reported), foreign,
     * another key's, or rejected by the deserialization filter.
     */
    private MemcachedEntry<V> entry(K key, String text, String memcachedKey, Item item) {
        recentKeys.touched(text);
        Envelope envelope = envelope(memcachedKey, text, item);
        if (envelope == null) {
            return null;
        }
        if (envelope.expiresAtMillis() <= clock.millis()) {
            expire(key, memcachedKey, item, envelope);
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
        MemcachedEntry<V> entry = new MemcachedEntry<>(memcachedKey, item.cas(), envelope, value, codec);
        identities.remember(entry);
        return entry;
    }

    /** The envelope of an item of key {@code text}, or {@code null} (counted) when it is not a valid one. */
    private Envelope envelope(String memcachedKey, String text, Item item) {
        try {
            Envelope envelope = open(memcachedKey, item);
            if (isDigest(memcachedKey, text) && !text.equals(envelope.keyText())) {
                throw new RejectedPayloadException("the entry under the digest key " + memcachedKey
                        + " belongs to another key");
            }
            return envelope;
        } catch (RejectedPayloadException e) {
            rejected(memcachedKey, e);
            return null;
        }
    }

    /** The envelope of an item, its signature checked first when entries are signed. */
    private Envelope open(String memcachedKey, Item item) {
        if (signer == null) {
            return Envelope.decode(item.value(), item.flags());
        }
        signer.verify(memcachedKey, item.value(), item.flags());
        return Envelope.decodeAt(item.value(), Signer.MAC_BYTES);
    }

    @SuppressWarnings("unchecked")
    private V decodeValue(String memcachedKey, Envelope envelope) {
        try {
            return (V) codec.read(envelope.codec(), envelope.bytes(), envelope.payloadOffset(),
                    envelope.payloadLength());
        } catch (RejectedPayloadException e) {
            rejected(memcachedKey, e);
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

    /** Whether {@code memcachedKey} is the digest form of the key text (a plain key ends with its text). */
    private static boolean isDigest(String memcachedKey, String text) {
        return !memcachedKey.endsWith(text);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value, long expiresAtMillis) {
        String text = KeyCodec.encode(key);
        String namespace = namespaceOrNull();
        if (namespace == null) {
            droppedWrites.increment();
            return;
        }
        String memcachedKey = KeyLayout.key(namespace, text);
        long now = clock.millis();
        if (expiresAtMillis <= now) {
            delete(memcachedKey, 0);
            return;
        }
        byte[] bytes = envelope(key, value, expiresAtMillis, text, memcachedKey);
        write(memcachedKey, StoreMode.SET, bytes, ttlSeconds(expiresAtMillis, now), 0, null);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries, long expiresAtMillis) {
        if (entries.isEmpty()) {
            return;
        }
        String namespace = namespaceOrNull();
        if (namespace == null) {
            droppedWrites.add(entries.size());
            return;
        }
        long now = clock.millis();
        if (expiresAtMillis <= now) {
            entries.keySet().forEach(this::remove);
            return;
        }
        int ttl = ttlSeconds(expiresAtMillis, now);
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
            String text = KeyCodec.encode(entry.getKey());
            String memcachedKey = KeyLayout.key(namespace, text);
            encoded.put(memcachedKey, envelope(entry.getKey(), entry.getValue(), expiresAtMillis, text, memcachedKey));
        }
        Map<String, CompletableFuture<WriteResult>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : encoded.entrySet()) {
            identities.forget(entry.getKey());
            pending.put(entry.getKey(), client.store(StoreMode.SET, entry.getKey(), entry.getValue(),
                    itemFlags, ttl, 0));
        }
        for (Map.Entry<String, CompletableFuture<WriteResult>> write : pending.entrySet()) {
            try {
                BlockingMemcachedClient.join(write.getValue());
            } catch (ValueTooLargeException e) {
                throw tooLarge(write.getKey(), encoded.get(write.getKey()).length, e);
            } catch (MemcachedException e) {
                writeFailed("put", write.getKey(), e);
            }
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
        String text = KeyCodec.encode(key);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                casConflicts.increment();
                if (attempt >= maxCasRetries) {
                    throw new CacheException("compute on key " + abbreviate(key) + " of cache " + cacheName
                            + " gave up after " + maxCasRetries + " compare-and-set conflicts (other writers keep"
                            + " changing it; raise " + MemcachedSettings.PREFIX + MemcachedSettings.MAX_CAS_RETRIES
                            + ")");
                }
                backoff(attempt);
            }
            String namespace = namespaceOrNull();
            if (namespace == null) {
                return unreadable(mutation, null, null);
            }
            String memcachedKey = KeyLayout.key(namespace, text);
            Item item;
            try {
                item = BlockingMemcachedClient.join(client.get(memcachedKey));
            } catch (MemcachedException e) {
                return unreadable(mutation, memcachedKey, e);
            }
            MemcachedEntry<V> current = null;
            if (item != null) {
                recentKeys.touched(text);
                Envelope envelope = envelope(memcachedKey, text, item);
                if (envelope == null) {
                    // foreign or rejected: the mutation sees a miss, a write replaces the item through its CAS
                } else if (envelope.expiresAtMillis() <= clock.millis()) {
                    WriteResult expired = expire(key, memcachedKey, item, envelope);
                    if (expired == WriteResult.EXISTS) {
                        continue;
                    }
                    if (expired != null) {
                        item = null; // deleted: absent now
                    }
                } else {
                    current = live(memcachedKey, item, envelope);
                }
            }
            StoreMutation<V> decision = mutation.apply(current);
            if (apply(key, text, memcachedKey, item, decision)) {
                return decision;
            }
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
                return item == null || succeeded(delete(memcachedKey, item.cas()));
            case WRITE:
            default:
                long now = clock.millis();
                if (decision.expiresAtMillis() <= now) {
                    return item == null || succeeded(delete(memcachedKey, item.cas()));
                }
                byte[] bytes = envelope(key, decision.value(), decision.expiresAtMillis(), text, memcachedKey);
                int ttl = ttlSeconds(decision.expiresAtMillis(), now);
                WriteResult result = item == null
                        ? write(memcachedKey, StoreMode.ADD, bytes, ttl, 0, null)
                        : write(memcachedKey, StoreMode.SET, bytes, ttl, item.cas(), item);
                return succeeded(result);
        }
    }

    /** A conditional write succeeded, or failed and was dropped ({@code null}); anything else is a conflict. */
    private static boolean succeeded(WriteResult result) {
        return result == null || result == WriteResult.OK;
    }

    /** A compute whose read failed: the mutation decides on a miss, and any write it wants is dropped. */
    private StoreMutation<V> unreadable(StoreMutation.Function<V> mutation, String memcachedKey, MemcachedException e) {
        failedReads.increment();
        if (e != null) {
            logFailure("read", memcachedKey, e);
        }
        StoreMutation<V> decision = mutation.apply(null);
        if (decision.kind() != StoreMutation.Kind.KEEP) {
            droppedWrites.increment();
            if (memcachedKey != null && e != null) {
                compensate("write", memcachedKey, e);
            }
        }
        return decision;
    }

    /**
     * Sends a write; {@code null} when it failed and was dropped (counted, compensated), otherwise the result.
     *
     * @param previous the item being replaced, restored if the server refuses the value as too large (memcached
     *                 deletes the old item then); {@code null} when unknown
     */
    private WriteResult write(String memcachedKey, StoreMode mode, byte[] bytes, int ttl, long cas, Item previous) {
        identities.forget(memcachedKey);
        try {
            return BlockingMemcachedClient.join(client.store(mode, memcachedKey, bytes, itemFlags, ttl, cas));
        } catch (ValueTooLargeException e) {
            if (previous != null) {
                restore(memcachedKey, previous);
            }
            throw tooLarge(memcachedKey, bytes.length, e);
        } catch (MemcachedException e) {
            writeFailed("write", memcachedKey, e);
            return null;
        }
    }

    /** Deletes ({@code cas} 0: unconditionally); {@code null} when it failed and was dropped. */
    private WriteResult delete(String memcachedKey, long cas) {
        identities.forget(memcachedKey);
        try {
            return BlockingMemcachedClient.join(client.delete(memcachedKey, cas));
        } catch (MemcachedException e) {
            writeFailed("delete", memcachedKey, e);
            return null;
        }
    }

    /** Puts back an item that the server dropped while refusing its replacement (only if nothing replaced it). */
    private void restore(String memcachedKey, Item previous) {
        int ttl = previous.immortal() ? 0 : Math.max(1, previous.ttlSeconds());
        try {
            BlockingMemcachedClient.join(client.store(StoreMode.ADD, memcachedKey, previous.value(), previous.flags(),
                    ttl, 0));
        } catch (MemcachedException e) {
            logFailure("restore", memcachedKey, e);
        }
    }

    private void writeFailed(String operation, String memcachedKey, MemcachedException e) {
        droppedWrites.increment();
        logFailure(operation, memcachedKey, e);
        compensate(operation, memcachedKey, e);
    }

    /**
     * After a write whose outcome is unknown, deletes the key so that its previous value cannot stay visible.
     * Nothing to do when the server is down: the client flushes it before routing keys to it again.
     */
    private void compensate(String operation, String memcachedKey, MemcachedException cause) {
        if (cause instanceof MemcachedServerDownException) {
            return;
        }
        try {
            BlockingMemcachedClient.join(client.delete(memcachedKey, 0));
        } catch (MemcachedServerDownException down) {
            // down now: flushed before re-admission
        } catch (MemcachedException again) {
            CacheException failure = new CacheException("The " + operation + " of " + memcachedKey + " in cache "
                    + cacheName + " failed (" + cause.getMessage() + ") and deleting the key afterwards failed"
                    + " too (" + again.getMessage() + "): the key may still hold its previous value", cause);
            failure.addSuppressed(again);
            throw failure;
        }
    }

    private byte[] envelope(K key, V value, long expiresAtMillis, String text, String memcachedKey) {
        recentKeys.touched(text);
        byte[] envelope = Envelope.encode(value, expiresAtMillis, isDigest(memcachedKey, text) ? text : null);
        byte[] bytes = signer == null ? envelope : signer.sign(memcachedKey, envelope);
        if (bytes.length > maxValueBytes) {
            throw new CacheException("The value for key " + abbreviate(key) + " of cache " + cacheName + " is "
                    + bytes.length + " bytes serialized (with its envelope), over the memcached limit of "
                    + maxValueBytes + " bytes (" + MemcachedSettings.PREFIX + MemcachedSettings.MAX_VALUE_BYTES
                    + ", below the servers' item size limit); nothing was written");
        }
        return bytes;
    }

    private CacheException tooLarge(String memcachedKey, int size, ValueTooLargeException e) {
        return new CacheException("The value for " + memcachedKey + " of cache " + cacheName + " is " + size
                + " bytes serialized, over the memcached item size limit (" + e.getMessage() + "); nothing was "
                + "written", e);
    }

    /** memcached's TTL for an expiry time: whole seconds rounded up, plus one; absolute beyond 30 days. */
    static int ttlSeconds(long expiresAtMillis, long nowMillis) {
        if (expiresAtMillis == StoreEntry.ETERNAL) {
            return 0;
        }
        long remaining = expiresAtMillis - nowMillis;
        long seconds = (remaining + 999) / 1000 + 1;
        if (seconds <= SECONDS_30_DAYS) {
            return (int) seconds;
        }
        long absolute = (System.currentTimeMillis() + remaining + 999) / 1000 + 1;
        return absolute > Integer.MAX_VALUE ? 0 : (int) absolute;
    }

    // ---------------------------------------------------------------- clear and keys

    @Override
    public void resolveValuesWith(ValueResolver resolver) {
        codec.resolveWith(resolver);
    }

    @Override
    public void clear() {
        generations.bump();
        identities.clear();
        recentKeys.clear();
    }

    @Override
    public Iterator<K> keys() {
        String namespace = namespaceOrNull();
        if (namespace == null) {
            return Collections.emptyIterator();
        }
        Map<ServerAddress, CompletableFuture<List<String>>> dumps = new LinkedHashMap<>();
        for (ServerAddress server : client.servers()) {
            dumps.put(server, client.keys(server));
        }
        LinkedHashSet<String> memcachedKeys = new LinkedHashSet<>();
        for (String text : recentKeys.recent()) {
            memcachedKeys.add(KeyLayout.key(namespace, text));
        }
        for (Map.Entry<ServerAddress, CompletableFuture<List<String>>> dump : dumps.entrySet()) {
            try {
                for (String memcachedKey : BlockingMemcachedClient.join(dump.getValue())) {
                    if (memcachedKey.startsWith(namespace)) {
                        memcachedKeys.add(memcachedKey);
                    }
                }
            } catch (MemcachedException e) {
                failedReads.increment();
                logFailure("key dump", dump.getKey().toString(), e);
            }
        }
        List<K> keys = new ArrayList<>(memcachedKeys.size());
        List<String> batch = new ArrayList<>(KEYS_BATCH);
        for (String memcachedKey : memcachedKeys) {
            batch.add(memcachedKey);
            if (batch.size() == KEYS_BATCH) {
                liveKeys(namespace, batch, keys);
                batch.clear();
            }
        }
        liveKeys(namespace, batch, keys);
        return Collections.unmodifiableList(keys).iterator();
    }

    /** Adds the decoded keys of the live items among {@code memcachedKeys}. */
    @SuppressWarnings("unchecked")
    private void liveKeys(String namespace, List<String> memcachedKeys, List<K> keys) {
        if (memcachedKeys.isEmpty()) {
            return;
        }
        Map<String, Item> items = readAll(memcachedKeys);
        long now = clock.millis();
        for (String memcachedKey : memcachedKeys) {
            Item item = items.get(memcachedKey);
            if (item == null) {
                continue;
            }
            try {
                Envelope envelope = open(memcachedKey, item);
                String suffix = memcachedKey.substring(namespace.length());
                String text = suffix.startsWith(String.valueOf(KeyLayout.DIGEST_MARK)) ? envelope.keyText() : suffix;
                if (text == null || !KeyLayout.key(namespace, text).equals(memcachedKey)) {
                    throw new RejectedPayloadException("the entry under " + memcachedKey + " carries no matching key");
                }
                if (envelope.expiresAtMillis() > now) {
                    keys.add((K) keyCodec.decode(text));
                }
            } catch (RejectedPayloadException e) {
                rejected(memcachedKey, e);
            }
        }
    }

    @Override
    public void close() {
        identities.clear();
        recentKeys.clear();
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
            failedReads.increment();
            logFailure("generation read", layout.generationKey(), e);
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

    private void rejected(String memcachedKey, RejectedPayloadException e) {
        rejectedPayloads.increment();
        long count = rejectedPayloads.sum();
        if (count == 1 || count % 1000 == 0) {
            LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": the item " + memcachedKey
                    + " is treated as a miss (" + count + " so far): " + e.getMessage());
        }
    }

    private void logFailure(String operation, String subject, Exception e) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "cache " + cacheName + ": " + operation + " of " + subject
                    + " failed: " + e.getMessage());
        }
    }

    private static String abbreviate(Object key) {
        String text = String.valueOf(key);
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** The server that holds {@code key} in the current generation (ignoring health). */
    ServerAddress serverOf(K key) {
        return client.serverFor(KeyLayout.key(layout.namespace(generations.current()), KeyCodec.encode(key)));
    }

    @Override
    public String toString() {
        return "MemcachedStore{" + cacheName + " on " + client.servers() + "}";
    }
}
