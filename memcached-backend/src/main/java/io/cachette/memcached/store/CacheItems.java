package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.store.internal.EntryIdentity;
import io.cachette.memcached.store.internal.Envelope;
import io.cachette.memcached.store.internal.FailureCounters;
import io.cachette.memcached.store.internal.ItemCodec;
import io.cachette.memcached.store.internal.MemcachedEntry;
import io.cachette.memcached.store.internal.RecentKeys;
import io.cachette.memcached.store.internal.RejectedPayloadException;
import io.cachette.memcached.store.internal.Signer;
import io.cachette.memcached.store.internal.Ttl;
import io.cachette.memcached.store.internal.ValueCodec;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;

import java.time.Clock;
import javax.cache.CacheException;

/**
 * What the items of one {@link MemcachedStore} mean, for its reads, its herd control and its compare-and-set loop
 * alike: an item is opened (signature, key, expiry), decoded once per version ({@link EntryIdentity}), deleted and
 * reported when expired (unless within the stale-while-revalidate window), and sealed for writing within the size
 * limit. One home for these rules, so that every path reads an item the same way.
 *
 * @param signer                     {@code null}: items are not signed
 * @param staleWhileRevalidateMillis how long past its expiry an entry is kept for stale-while-revalidate
 * @param sharedValues               whether readers share decoded values (store-by-reference)
 * @param <K>                        key type
 * @param <V>                        value type
 */
record CacheItems<K, V>(MemcachedClient client, String cacheName, Clock clock, StoreListener listener, Signer signer,
                        ValueCodec codec, EntryIdentity<V> identities, RecentKeys recentKeys,
                        FailureCounters failures, int maxValueBytes, long staleWhileRevalidateMillis,
                        boolean sharedValues) {

    private static final System.Logger LOG = System.getLogger(MemcachedStore.class.getName());

    /**
     * The live entry of an item, or {@code null} when it is expired (then deleted and reported), foreign,
     * another key's, or rejected by the deserialization filter.
     */
    MemcachedEntry<V> entry(K key, String text, String memcachedKey, Item item) {
        if (item.placeholder()) {
            return null; // another caller is loading it
        }
        Envelope envelope = open(memcachedKey, text, item);
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
    MemcachedEntry<V> live(String memcachedKey, Item item, Envelope envelope) {
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

    /**
     * The envelope of an item of key {@code text}, or {@code null} (counted) when it is not a valid one; the key
     * counts as recently used (for {@link #recentKeys}).
     */
    Envelope open(String memcachedKey, String text, Item item) {
        recentKeys.touched(text);
        return envelope(memcachedKey, text, item);
    }

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
    WriteResult expire(K key, String memcachedKey, Item item, Envelope envelope) {
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

    /** Until when an entry expiring at {@code expiresAtMillis} may be served stale (its expiry when never). */
    long staleUntil(long expiresAtMillis) {
        long window = staleWhileRevalidateMillis;
        return window == 0 || expiresAtMillis == StoreEntry.ETERNAL ? expiresAtMillis : expiresAtMillis + window;
    }

    /** memcached's TTL of an entry expiring at {@code expiresAtMillis}: kept through its stale window. */
    int ttl(long expiresAtMillis, long now) {
        return Ttl.seconds(staleUntil(expiresAtMillis), now);
    }

    /** The item bytes of an entry to write, checked against the size limit. */
    byte[] seal(K key, V value, long expiresAtMillis, String text, String memcachedKey) {
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


    /** {@code key} as text, cut to 80 characters for messages. */
    static String abbreviate(Object key) {
        String text = String.valueOf(key);
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
