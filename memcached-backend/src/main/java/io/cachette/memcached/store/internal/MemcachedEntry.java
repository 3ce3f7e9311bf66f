package io.cachette.memcached.store.internal;

import io.cachette.jcache.copy.JavaSerializationCopier;
import io.cachette.store.StoreEntry;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One entry read from memcached: its envelope, the item's CAS, and the value decoded once when read.
 *
 * <p>The store hands out the same instance for as long as the item is unchanged (see {@link EntryIdentity}),
 * as the SPI asks. For a store-by-value cache each {@link #value()} call gives the caller an object of its own:
 * the instance decoded at read time goes to the first caller, later calls decode the payload again — except for
 * immutable JDK values, which are shared. A store-by-reference cache (Hibernate's regions) shares the decoded
 * instance with every caller, so a near-tier hit costs no deserialization.
 *
 * @param <V> value type
 */
public final class MemcachedEntry<V> implements StoreEntry<V> {

    private final String memcachedKey;
    private final long cas;
    private final Envelope envelope;
    private final ValueCodec codec;
    private final boolean immutable;
    private final V immutableValue;
    private final AtomicReference<V> firstValue;

    /** @param shared whether every caller may get the decoded instance (a store-by-reference cache) */
    public MemcachedEntry(String memcachedKey, long cas, Envelope envelope, V value, ValueCodec codec, boolean shared) {
        this.memcachedKey = memcachedKey;
        this.cas = cas;
        this.envelope = envelope;
        this.codec = codec;
        this.immutable = shared || JavaSerializationCopier.isImmutable(value.getClass());
        this.immutableValue = immutable ? value : null;
        this.firstValue = immutable ? null : new AtomicReference<>(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V value() {
        if (immutable) {
            return immutableValue;
        }
        V first = firstValue.getAndSet(null);
        if (first != null) {
            return first;
        }
        return (V) codec.read(envelope.codec(), envelope.bytes(), envelope.payloadOffset(), envelope.payloadLength());
    }

    @Override
    public long expiresAtMillis() {
        return envelope.expiresAtMillis();
    }

    /** The item's bytes as read (shared, never to be modified): what a near tier weighs the entry by. */
    public byte[] itemBytes() {
        return envelope.bytes();
    }

    String memcachedKey() {
        return memcachedKey;
    }

    long cas() {
        return cas;
    }

    @Override
    public String toString() {
        return "MemcachedEntry{" + memcachedKey + ", cas=" + cas + ", expiresAt=" + envelope.expiresAtMillis() + "}";
    }
}
