package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import javax.cache.CacheException;

/**
 * The change feed of one cache manager's key prefix in memcached, shared by all its caches with a near tier: a
 * head counter {@code <prefix>:!feed} and one record per position under {@code <prefix>:!feed:<position>}
 * ({@link FeedRecord}, naming its cache). One feed per prefix rather than per cache, so that one head read proves
 * every cache of the manager fresh: a Hibernate transaction pays one read however many regions it touches.
 *
 * <p>Publishing: {@code ma <head> N0 J<seed> D1} gives the record's position {@code n}, then {@code ms} stores
 * record {@code n} with a TTL of {@value #RECORD_TTL_SECONDS} s, sent together with the change itself
 * ({@link #begin}, {@link #await}: the change is acknowledged only once both are stored). The head thus moves
 * before its record exists, and the change may land before its record too: a reader that finds a record missing
 * waits a little for it ({@link NearTier}) and cannot serve anything meanwhile, then treats it as a gap. A writer
 * that dies between the two leaves a gap: readers drop their near tiers, nothing worse.
 *
 * <p>Seeding: a missing head (first use, eviction, flush, restart) is created with
 * {@code wall millis × 1000 + random(1000)}, as generations are, so a re-created head lands far above every
 * position of the previous one and a reader that knew the old head finds the records in between missing: a gap,
 * never a silent reuse of positions.
 */
final class ChangeFeed {

    /** How long records live: a reader further behind than this finds them gone (a gap). */
    static final int RECORD_TTL_SECONDS = 120;

    private final MemcachedClient client;
    private final String headKey;
    private final String recordPrefix;
    private final LongSupplier wallClock;

    ChangeFeed(MemcachedClient client, String headKey, LongSupplier wallClock) {
        this.client = client;
        this.headKey = headKey;
        this.recordPrefix = headKey + ":";
        this.wallClock = wallClock;
    }

    /** A record being stored at its position: the caller makes its change meanwhile, then {@link #await}s it. */
    static final class Pending {
        final long position;
        final FeedRecord record;
        private final String key;
        private final byte[] bytes;
        private final CompletableFuture<Void> stored;

        private Pending(long position, FeedRecord record, String key, byte[] bytes, CompletableFuture<Void> stored) {
            this.position = position;
            this.record = record;
            this.key = key;
            this.bytes = bytes;
            this.stored = stored;
        }
    }

    /**
     * Advances the head and starts storing the record at the new position, without waiting for it.
     *
     * @throws CacheException when the head cannot be advanced: the change must not be made
     */
    Pending begin(FeedRecord record) {
        long position;
        try {
            position = advance();
        } catch (MemcachedException first) {
            try {
                position = advance(); // an unknown first outcome leaves at most a missing record: a gap
            } catch (MemcachedException e) {
                e.addSuppressed(first);
                throw new CacheException("The change feed of cache " + record.cache() + " (" + headKey + ") cannot be"
                        + " advanced (" + e.getMessage() + "); the change was not made, so that no near cache"
                        + " keeps the value it replaces", e);
            }
        }
        String key = recordKey(position);
        byte[] bytes = record.encode();
        return new Pending(position, record, key, bytes, client.set(key, bytes, 0, RECORD_TTL_SECONDS));
    }

    /**
     * Waits until the record of {@code pending} is stored, retrying once; if it stays missing, readers see a gap
     * and drop their near tiers, so nothing more is to be done.
     */
    void await(Pending pending) {
        try {
            BlockingMemcachedClient.join(pending.stored);
        } catch (MemcachedException e) {
            try {
                BlockingMemcachedClient.join(client.set(pending.key, pending.bytes, 0, RECORD_TTL_SECONDS));
            } catch (MemcachedException again) {
                // a gap for the readers
            }
        }
    }

    /** Appends a record and returns its position once the record is stored. */
    long publish(FeedRecord record) {
        Pending pending = begin(record);
        await(pending);
        return pending.position;
    }

    private long advance() {
        return BlockingMemcachedClient.join(client.incr(headKey, 1, seed(), 0));
    }

    /** The head, created (seeded) when missing. */
    long head() {
        return BlockingMemcachedClient.join(client.incr(headKey, 0, seed(), 0));
    }

    /**
     * The records at positions {@code from..to} (inclusive) that exist and decode; absent positions are missing.
     *
     * @throws MemcachedException when a server fails: nothing can be concluded
     */
    Map<Long, FeedRecord> read(List<Long> positions) {
        List<String> keys = new ArrayList<>(positions.size());
        for (long position : positions) {
            keys.add(recordKey(position));
        }
        Map<String, Item> items = BlockingMemcachedClient.join(client.getMulti(keys));
        Map<Long, FeedRecord> records = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Item item = items.get(keys.get(i));
            FeedRecord record = item == null ? null : FeedRecord.decode(item.value());
            if (record != null) {
                records.put(positions.get(i), record);
            }
        }
        return records;
    }

    String recordKey(long position) {
        return recordPrefix + position;
    }

    private long seed() {
        return wallClock.getAsLong() * 1000 + ThreadLocalRandom.current().nextInt(1000);
    }

    @Override
    public String toString() {
        return "ChangeFeed{" + headKey + "}";
    }
}
