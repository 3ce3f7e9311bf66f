package io.cachette.memcached;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An asynchronous memcached client speaking the meta protocol to a sharded set of servers.
 * <p>
 * Every operation returns a {@link CompletableFuture} that always completes: with the result, or exceptionally
 * with a {@link MemcachedException} subtype (an illegal key or a too-large value fail before anything is
 * sent; a reply that does not come within the operation timeout gives {@link MemcachedTimeoutException}).
 * Futures complete on the client's I/O threads: do not block in their callbacks. {@link #blocking()} offers
 * the same operations as plain blocking calls.
 * <p>
 * Keys are strings of at most 250 UTF-8 bytes without spaces or control characters. Values are raw bytes plus
 * 32-bit client flags; serialization is the caller's business. TTLs are in seconds: {@code 0} never expires, up
 * to 30 days is relative, larger is an absolute unix time, negative means already expired.
 * Implementations are thread-safe.
 */
public interface MemcachedClient extends AutoCloseable {

    /** A builder for a client over a set of servers. */
    static MemcachedClientBuilder builder() {
        return new MemcachedClientBuilder();
    }

    /** The item under {@code key} with value, flags, CAS and remaining TTL ({@code mg k v f c t}); {@code null} on a miss. */
    CompletableFuture<Item> get(String key);

    /** Like {@link #get} but also sets the item's TTL ({@code mg k v f c t T<ttl>}); {@code null} on a miss. */
    CompletableFuture<Item> getAndTouch(String key, int ttlSeconds);

    /**
     * The item under {@code key}, or on a miss an empty placeholder created with a TTL of {@code leaseSeconds}
     * ({@code mg k v f c t N<ttl>}): memcached's lease, so that of all the callers missing one key only the first
     * loads it ({@link LeaseRead#won()}) while the others see {@link LeaseRead#alreadyWon()}. The winner replaces
     * the placeholder with a CAS write ({@link #cas}) or gives the lease back by deleting it with its CAS.
     */
    CompletableFuture<LeaseRead> getOrLease(String key, int leaseSeconds);

    /**
     * The items under {@code keys}; absent keys are missing from the map. One pipelined round trip per server
     * (quiet {@code mg} per key closed by {@code mn}). Fails as a whole (typically with
     * {@link MemcachedServerDownException}) when any involved server fails; callers that prefer partial results
     * group keys with {@link #serverFor} and call it per server.
     */
    CompletableFuture<Map<String, Item>> getMulti(Collection<String> keys);

    /**
     * Like {@link #getMulti} but never fails as a whole because of one server: the result holds what the healthy
     * servers have and names the keys whose server failed, with the failure (a down server's keys fail fast, as
     * everywhere). Still one pipelined round trip per server. An illegal key fails the whole call, as in
     * {@link #getMulti}.
     */
    default CompletableFuture<MultiGetResult> getMultiPartial(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        Map<ServerAddress, List<String>> byServer = new LinkedHashMap<>();
        try {
            for (String key : new LinkedHashSet<>(keys)) {
                byServer.computeIfAbsent(serverFor(key), s -> new ArrayList<>()).add(key);
            }
        } catch (IllegalKeyException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Map<String, Item>>> parts = new ArrayList<>();
        List<List<String>> partKeys = new ArrayList<>();
        for (List<String> group : byServer.values()) {
            // each server's keys alone, so one server's failure cannot fail the others' (under FAILOVER a down
            // owner's keys still move to the next server inside getMulti)
            parts.add(getMulti(group));
            partKeys.add(group);
        }
        return CompletableFuture.allOf(parts.stream().map(p -> p.handle((r, f) -> null))
                .toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                    Map<String, Item> items = new HashMap<>();
                    Map<String, MemcachedException> failures = new HashMap<>();
                    for (int i = 0; i < parts.size(); i++) {
                        CompletableFuture<Map<String, Item>> part = parts.get(i);
                        try {
                            items.putAll(part.join());
                        } catch (CompletionException | CancellationException e) {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            MemcachedException failure = cause instanceof MemcachedException memcached ? memcached
                                    : new MemcachedException("multi-get failed: " + cause, cause);
                            for (String key : partKeys.get(i)) {
                                failures.put(key, failure);
                            }
                        }
                    }
                    return new MultiGetResult(items, failures);
                });
    }

    /** Sets the item's TTL without reading it; {@code false} when the key is absent. */
    CompletableFuture<Boolean> touch(String key, int ttlSeconds);

    /** Stores {@code value} in {@code mode}; {@code cas} {@code 0} means unconditional, otherwise compare-and-set. */
    CompletableFuture<WriteResult> store(StoreMode mode, String key, byte[] value, int flags, int ttlSeconds, long cas);

    /** Stores unconditionally. */
    default CompletableFuture<Void> set(String key, byte[] value, int flags, int ttlSeconds) {
        return store(StoreMode.SET, key, value, flags, ttlSeconds, 0).thenApply(r -> null);
    }

    /** Stores only if absent; {@code true} when stored. */
    default CompletableFuture<Boolean> add(String key, byte[] value, int flags, int ttlSeconds) {
        return store(StoreMode.ADD, key, value, flags, ttlSeconds, 0).thenApply(r -> r == WriteResult.OK);
    }

    /** Stores only if present; {@code true} when stored. */
    default CompletableFuture<Boolean> replace(String key, byte[] value, int flags, int ttlSeconds) {
        return store(StoreMode.REPLACE, key, value, flags, ttlSeconds, 0).thenApply(r -> r == WriteResult.OK);
    }

    /** Appends to a present value; {@code true} when it was present. */
    default CompletableFuture<Boolean> append(String key, byte[] value) {
        return store(StoreMode.APPEND, key, value, 0, 0, 0).thenApply(r -> r == WriteResult.OK);
    }

    /** Prepends to a present value; {@code true} when it was present. */
    default CompletableFuture<Boolean> prepend(String key, byte[] value) {
        return store(StoreMode.PREPEND, key, value, 0, 0, 0).thenApply(r -> r == WriteResult.OK);
    }

    /**
     * Compare-and-set: stores only if the item's CAS is still {@code cas}. {@link WriteResult#EXISTS} when it
     * changed, {@link WriteResult#NOT_FOUND} when it is gone.
     */
    default CompletableFuture<WriteResult> cas(String key, byte[] value, int flags, int ttlSeconds, long cas) {
        if (cas == 0) {
            throw new IllegalArgumentException("CAS token 0 means 'no CAS'; use set()");
        }
        return store(StoreMode.SET, key, value, flags, ttlSeconds, cas);
    }

    /** Deletes the key; {@code true} when it was present. */
    default CompletableFuture<Boolean> delete(String key) {
        return delete(key, 0).thenApply(r -> r == WriteResult.OK);
    }

    /** Deletes the key if its CAS is still {@code cas} ({@code 0}: unconditionally). */
    CompletableFuture<WriteResult> delete(String key, long cas);

    /**
     * Adds {@code delta} to the unsigned 64-bit counter under {@code key} (wrapping at 2^64) and returns the new
     * value; {@code null} when the key is absent.
     */
    CompletableFuture<Long> incr(String key, long delta);

    /** Subtracts {@code delta}, stopping at 0; {@code null} when the key is absent. */
    CompletableFuture<Long> decr(String key, long delta);

    /**
     * Adds {@code delta}, or creates the counter with {@code initial} (and the TTL) when it is absent
     * ({@code ma k N<ttl> J<initial> D<delta>}); returns the new value.
     */
    CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds);

    /** Subtracts {@code delta} (stopping at 0), or creates the counter with {@code initial}; returns the new value. */
    CompletableFuture<Long> decr(String key, long delta, long initial, int ttlSeconds);

    /** {@code flush_all} on one server: every item on it becomes invalid. */
    CompletableFuture<Void> flushAll(ServerAddress server);

    /** {@code stats} of one server, name to value. */
    CompletableFuture<Map<String, String>> stats(ServerAddress server);

    /**
     * Every key on one server, from {@code lru_crawler metadump all} run on a dedicated connection (it cannot be
     * pipelined). A snapshot, not a consistent view; slow (the crawler paces itself), never for a hot path.
     */
    CompletableFuture<List<String>> keys(ServerAddress server);

    /** The servers, in configuration order. */
    List<ServerAddress> servers();

    /** The server that owns {@code key} (ignoring health). */
    ServerAddress serverFor(String key);

    /** Counters and state of one server. */
    ServerMetrics metrics(ServerAddress server);

    /** Counters and state of every server, in configuration order. */
    List<ServerMetrics> metrics();

    /**
     * Tells {@code listener} of every reply from now on, with its latency (for metrics); closing the returned
     * handle stops it. Costs nothing while no listener is added.
     *
     * @throws UnsupportedOperationException when this client cannot time its requests
     */
    default AutoCloseable addRequestListener(RequestListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " does not time its requests");
    }

    /** What the sweeps of failover copies did so far; {@link FailoverSweepMetrics#NONE} for a client that does not sweep. */
    default FailoverSweepMetrics failoverSweeps() {
        return FailoverSweepMetrics.NONE;
    }

    /** Blocking forms of the operations, for callers that are not asynchronous. */
    BlockingMemcachedClient blocking();

    /**
     * Stops taking operations, lets in-flight ones finish (up to the operation timeout), fails the rest and
     * releases the I/O threads. Idempotent.
     */
    @Override
    void close();
}
