package io.cachette.memcached.store.internal;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.ValueTooLargeException;
import io.cachette.memcached.WriteResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.cache.CacheException;

/**
 * The writes and deletes of one store, and the rule for a write whose outcome is unknown (timeout, server
 * error): it is dropped (counted) and followed by an unconditional delete of the key, so that the previous value
 * cannot stay visible; if that delete fails too on a server still considered up, the operation throws a
 * {@link CacheException} saying so. Nothing to do for a server that is down: the client flushes it before it
 * routes keys to it again. A value the server refuses as too large fails with a {@link CacheException}, the
 * item it replaced put back.
 */
public final class CompensatingWrites {

    private final MemcachedClient client;
    private final String cacheName;
    private final EntryIdentity<?> identities;
    private final FailureCounters failures;

    public CompensatingWrites(MemcachedClient client, String cacheName, EntryIdentity<?> identities,
                       FailureCounters failures) {
        this.client = client;
        this.cacheName = cacheName;
        this.identities = identities;
        this.failures = failures;
    }

    /**
     * Sends a write; {@code null} when it failed and was dropped (counted, compensated), otherwise the result.
     *
     * @param previous the item being replaced, restored if the server refuses the value as too large (memcached
     *                 deletes the old item then); {@code null} when unknown
     */
    public WriteResult write(String memcachedKey, StoreMode mode, byte[] bytes, int flags, int ttl, long cas,
                      Item previous) {
        identities.forget(memcachedKey);
        try {
            return BlockingMemcachedClient.join(client.store(mode, memcachedKey, bytes, flags, ttl, cas));
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

    /** Sets every item at once (pipelined), then waits for each. */
    public void setAll(Map<String, byte[]> items, int flags, int ttl) {
        Map<String, CompletableFuture<WriteResult>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : items.entrySet()) {
            identities.forget(entry.getKey());
            pending.put(entry.getKey(), client.store(StoreMode.SET, entry.getKey(), entry.getValue(), flags, ttl, 0));
        }
        for (Map.Entry<String, CompletableFuture<WriteResult>> write : pending.entrySet()) {
            try {
                BlockingMemcachedClient.join(write.getValue());
            } catch (ValueTooLargeException e) {
                throw tooLarge(write.getKey(), items.get(write.getKey()).length, e);
            } catch (MemcachedException e) {
                writeFailed("put", write.getKey(), e);
            }
        }
    }

    /** Deletes ({@code cas} 0: unconditionally); {@code null} when it failed and was dropped. */
    public WriteResult delete(String memcachedKey, long cas) {
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
        try {
            BlockingMemcachedClient.join(client.store(StoreMode.ADD, memcachedKey, previous.value(), previous.flags(),
                    Ttl.remaining(previous), 0));
        } catch (MemcachedException e) {
            failures.logFailure("restore", memcachedKey, e);
        }
    }

    private void writeFailed(String operation, String memcachedKey, MemcachedException e) {
        failures.droppedWrites(1, operation, memcachedKey, e);
        compensate(operation, memcachedKey, e);
    }

    /**
     * After a write whose outcome is unknown, deletes the key so that its previous value cannot stay visible.
     * Nothing to do when the server is down: the client flushes it before routing keys to it again.
     */
    public void compensate(String operation, String memcachedKey, MemcachedException cause) {
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

    private CacheException tooLarge(String memcachedKey, int size, ValueTooLargeException e) {
        return new CacheException("The value for " + memcachedKey + " of cache " + cacheName + " is " + size
                + " bytes serialized, over the memcached item size limit (" + e.getMessage() + "); nothing was "
                + "written", e);
    }
}
