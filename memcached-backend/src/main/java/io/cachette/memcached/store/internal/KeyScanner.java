package io.cachette.memcached.store.internal;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.ItemCodec;
import io.cachette.memcached.store.internal.KeyCodec;
import io.cachette.memcached.store.internal.MultiGet;
import io.cachette.memcached.store.internal.RejectedPayloadException;
import io.cachette.memcached.store.internal.Signer;
import io.cachette.memcached.store.internal.FailureCounters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The keys of one cache generation: {@code lru_crawler metadump} of every server, filtered by the namespace,
 * joined with the keys the store touched recently ({@code RecentKeys}: the dump misses items that memcached is
 * moving between its LRU lists), deduplicated and checked with multi-gets in batches — a snapshot, not a
 * consistent view, and slow (each dump takes ~150 ms): for iteration and {@code removeAll()}, never hot paths.
 *
 * @param <K> key type
 */
public final class KeyScanner<K> {

    private static final int KEYS_BATCH = 256;

    private final MemcachedClient client;
    private final KeyCodec keyCodec;
    private final Signer signer;
    private final Clock clock;
    private final FailureCounters failures;

    /**
     * @param signer verifies the items when entries are signed ({@code null}: unsigned)
     */
    public KeyScanner(MemcachedClient client, KeyCodec keyCodec, Signer signer, Clock clock, FailureCounters failures) {
        this.client = client;
        this.keyCodec = keyCodec;
        this.signer = signer;
        this.clock = clock;
        this.failures = failures;
    }

    /** The live keys under {@code namespace}, as of now; {@code recent}: the key texts the store touched lately. */
    public Iterator<K> keys(String namespace, Collection<String> recent) {
        Map<ServerAddress, CompletableFuture<List<String>>> dumps = new LinkedHashMap<>();
        for (ServerAddress server : client.servers()) {
            dumps.put(server, client.keys(server));
        }
        LinkedHashSet<String> memcachedKeys = new LinkedHashSet<>();
        for (String text : recent) {
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
                failures.failedReads(1, "key dump", dump.getKey().toString(), e);
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
        Map<String, Item> items = MultiGet.read(client, memcachedKeys, failures);
        long now = clock.millis();
        for (String memcachedKey : memcachedKeys) {
            Item item = items.get(memcachedKey);
            if (item == null || item.placeholder()) {
                continue;
            }
            try {
                Envelope envelope = ItemCodec.open(signer, memcachedKey, item);
                String suffix = memcachedKey.substring(namespace.length());
                String text = suffix.startsWith(String.valueOf(KeyLayout.DIGEST_MARK)) ? envelope.keyText() : suffix;
                if (text == null || !KeyLayout.key(namespace, text).equals(memcachedKey)) {
                    throw new RejectedPayloadException("the entry under " + memcachedKey + " carries no matching key");
                }
                if (envelope.expiresAtMillis() > now) {
                    keys.add((K) keyCodec.decode(text));
                }
            } catch (RejectedPayloadException e) {
                failures.rejected(memcachedKey, e);
            }
        }
    }
}
