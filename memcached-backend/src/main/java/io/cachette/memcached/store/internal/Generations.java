package io.cachette.memcached.store.internal;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.WriteResult;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import javax.cache.CacheException;

/**
 * The generation of one cache: a counter kept in memcached under {@code <prefix>:<cache>:gen}, part of every
 * key of the cache, so that {@code clear()} orphans every entry at once by incrementing it.
 *
 * <p>Seeding: when the counter is absent (first use, eviction, server restart or flush) it is created with
 * {@code currentTimeMillis × 1000 + random(1000)}. Every later seed is therefore larger than any generation
 * reached from an earlier seed unless a cache was cleared more than a thousand times per millisecond in between
 * (or clocks run backwards by more than that), so an old generation never comes back and its orphans stay
 * invisible. A lost counter acts like a {@code clear()}.
 *
 * <p>Consistency: the generation is cached for {@code generation-refresh-ms} (default 1 s, {@code 0} re-reads it
 * on every operation). A {@code clear()} is visible at once in the JVM that ran it; other JVMs see it at their
 * next re-read, i.e. within the refresh interval, and until then keep reading and writing the old generation
 * (writes they make in that window are lost with it). When the counter's server fails, the last known
 * generation stays in use; with none known the cache's operations fail as if its servers were down.
 */
public final class Generations {

    /** The generation cannot be read and none is known: the cache behaves as if its servers were down. */
    public static final class UnavailableException extends MemcachedException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Cached(long generation, long readAtNanos, boolean fromBump) {
    }

    /** How long a generation set by this JVM's own clear() wins over a smaller one read concurrently. */
    private static final long RACE_WINDOW_NANOS = 1_000_000_000L;

    private final MemcachedClient client;
    private final String key;
    private final String cacheName;
    private final long refreshNanos;
    private final LongSupplier wallClock;
    private volatile Cached cached;

    public Generations(MemcachedClient client, String key, String cacheName, Duration refresh, LongSupplier wallClock) {
        this.client = client;
        this.key = key;
        this.cacheName = cacheName;
        this.refreshNanos = refresh.toNanos();
        this.wallClock = wallClock;
    }

    /** The current generation. */
    public long current() {
        Cached c = cached;
        if (c != null && System.nanoTime() - c.readAtNanos < refreshNanos) {
            return c.generation;
        }
        return refresh(c);
    }

    private long refresh(Cached stale) {
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                Item item = BlockingMemcachedClient.join(client.get(key));
                long generation = item == null ? CounterValue.NONE : CounterValue.parse(item.value());
                if (generation == CounterValue.NONE) {
                    long seed = seed();
                    StoreMode mode = item == null ? StoreMode.ADD : StoreMode.SET;
                    WriteResult result = BlockingMemcachedClient.join(
                            client.store(mode, key, CounterValue.ascii(seed), 0, 0, item == null ? 0 : item.cas()));
                    if (result != WriteResult.OK) {
                        continue; // another client seeded it first: read theirs
                    }
                    generation = seed;
                }
                return remembered(generation);
            }
            throw new MemcachedException("generation counter " + key + " keeps changing while it is seeded");
        } catch (MemcachedException e) {
            if (stale != null) {
                return stale.generation;
            }
            throw new UnavailableException("the generation of cache " + cacheName + " cannot be read from memcached ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Increments the generation (a {@code clear()}), creating the counter with a fresh seed when absent. */
    public long bump() {
        try {
            long generation = BlockingMemcachedClient.join(client.incr(key, 1, seed(), 0));
            cached = new Cached(generation, System.nanoTime(), true);
            return generation;
        } catch (MemcachedException e) {
            throw new CacheException("clear() of cache " + cacheName + " failed: its generation counter " + key
                    + " cannot be incremented (" + e.getMessage() + "); the entries are unchanged", e);
        }
    }

    /**
     * Caches a generation just read, unless a {@code clear()} of this JVM raced with the read and already cached
     * a newer one (generations only grow), which must stay visible here.
     */
    private long remembered(long generation) {
        Cached c = cached;
        long now = System.nanoTime();
        if (c != null && c.fromBump && generation < c.generation && now - c.readAtNanos < Math.max(refreshNanos,
                RACE_WINDOW_NANOS)) {
            return c.generation;
        }
        cached = new Cached(generation, now, false);
        return generation;
    }

    long seed() {
        return wallClock.getAsLong() * 1000 + ThreadLocalRandom.current().nextInt(1000);
    }
}
