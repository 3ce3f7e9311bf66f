package io.cachette.memcached;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Thin blocking view of a {@link MemcachedClient}: each call waits for the asynchronous operation and throws
 * its {@link MemcachedException} directly (not wrapped). Waiting is bounded by the client's operation timeout.
 * Never call it on a client I/O thread (e.g. from a future's callback).
 */
public final class BlockingMemcachedClient {

    private final MemcachedClient client;

    public BlockingMemcachedClient(MemcachedClient client) {
        this.client = client;
    }

    /** @see MemcachedClient#get */
    public Item get(String key) {
        return join(client.get(key));
    }

    /** @see MemcachedClient#getAndTouch */
    public Item getAndTouch(String key, int ttlSeconds) {
        return join(client.getAndTouch(key, ttlSeconds));
    }

    /** @see MemcachedClient#getOrLease */
    public LeaseRead getOrLease(String key, int leaseSeconds) {
        return join(client.getOrLease(key, leaseSeconds));
    }

    /** @see MemcachedClient#getMulti */
    public Map<String, Item> getMulti(Collection<String> keys) {
        return join(client.getMulti(keys));
    }

    /** @see MemcachedClient#touch */
    public boolean touch(String key, int ttlSeconds) {
        return join(client.touch(key, ttlSeconds));
    }

    /** @see MemcachedClient#store */
    public WriteResult store(StoreMode mode, String key, byte[] value, int flags, int ttlSeconds, long cas) {
        return join(client.store(mode, key, value, flags, ttlSeconds, cas));
    }

    /** @see MemcachedClient#set */
    public void set(String key, byte[] value, int flags, int ttlSeconds) {
        join(client.set(key, value, flags, ttlSeconds));
    }

    /** @see MemcachedClient#add */
    public boolean add(String key, byte[] value, int flags, int ttlSeconds) {
        return join(client.add(key, value, flags, ttlSeconds));
    }

    /** @see MemcachedClient#replace */
    public boolean replace(String key, byte[] value, int flags, int ttlSeconds) {
        return join(client.replace(key, value, flags, ttlSeconds));
    }

    /** @see MemcachedClient#cas */
    public WriteResult cas(String key, byte[] value, int flags, int ttlSeconds, long cas) {
        return join(client.cas(key, value, flags, ttlSeconds, cas));
    }

    /** @see MemcachedClient#delete(String) */
    public boolean delete(String key) {
        return join(client.delete(key));
    }

    /** @see MemcachedClient#append */
    public boolean append(String key, byte[] value) {
        return join(client.append(key, value));
    }

    /** @see MemcachedClient#prepend */
    public boolean prepend(String key, byte[] value) {
        return join(client.prepend(key, value));
    }

    /** @see MemcachedClient#delete(String, long) */
    public WriteResult delete(String key, long cas) {
        return join(client.delete(key, cas));
    }

    /** @see MemcachedClient#incr(String, long) */
    public Long incr(String key, long delta) {
        return join(client.incr(key, delta));
    }

    /** @see MemcachedClient#decr(String, long) */
    public Long decr(String key, long delta) {
        return join(client.decr(key, delta));
    }

    /** @see MemcachedClient#incr(String, long, long, int) */
    public long incr(String key, long delta, long initial, int ttlSeconds) {
        return join(client.incr(key, delta, initial, ttlSeconds));
    }

    /** @see MemcachedClient#decr(String, long, long, int) */
    public long decr(String key, long delta, long initial, int ttlSeconds) {
        return join(client.decr(key, delta, initial, ttlSeconds));
    }

    /** @see MemcachedClient#flushAll */
    public void flushAll(ServerAddress server) {
        join(client.flushAll(server));
    }

    /** @see MemcachedClient#stats */
    public Map<String, String> stats(ServerAddress server) {
        return join(client.stats(server));
    }

    /** @see MemcachedClient#keys */
    public List<String> keys(ServerAddress server) {
        return join(client.keys(server));
    }

    /** Waits for {@code future} and rethrows its failure unwrapped (a {@link MemcachedException} where it is one). */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new MemcachedException(cause.toString(), cause);
        }
    }
}
