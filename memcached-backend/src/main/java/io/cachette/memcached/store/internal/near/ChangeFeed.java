package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.internal.netty.BlockingIncrement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
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
 * <p>Reserving: a compare-and-set loop sends the {@code ma} together with its first read ({@link #reserve}), so
 * the advance costs no round trip of its own; it still returns before the change is written, so data never
 * precedes the feed. The position then gets the change's record, or, when the loop keeps its entry, a record
 * naming nothing ({@link #release}): a reader never finds it missing. A writer's own records are applied by its
 * near tiers when published, so its {@link FeedFollower} does not read them back.
 *
 * <p>Seeding: a missing head (first use, eviction, flush, restart) is created with
 * {@code wall millis × 1000 + random(1000)}, as generations are, so a re-created head lands far above every
 * position of the previous one and a reader that knew the old head finds the records in between missing: a gap,
 * never a silent reuse of positions.
 *
 * <p>Copies of the head ({@link HeadReplicas}, {@code near-cache.head-replicas} R &gt; 1): after its record is
 * stored, a writer raises the copies to its position (read with their CAS while the record is stored, then one
 * compare-and-set each, all sent together: about one round trip more per change) before the change is
 * acknowledged; a reader reads one of the R at random ({@link #readHead}). With R = 1 the commands are exactly
 * those above.
 */
final class ChangeFeed {

    /** How long records live: a reader further behind than this finds them gone (a gap). */
    static final int RECORD_TTL_SECONDS = 120;

    private final MemcachedClient client;
    /** {@link #client}, when it reads a counter on its blocking lane; else {@code null}. */
    private final BlockingIncrement lane;
    private final String headKey;
    private final String recordPrefix;
    private final LongSupplier wallClock;
    private final HeadReplicas replicas;
    private final IntUnaryOperator pick;

    /**
     * @param headReplicas how many copies of the head readers spread over (1: the head alone)
     * @param pick         given R, which copy a head read reads (0 to R-1)
     */
    ChangeFeed(MemcachedClient client, String headKey, int headReplicas, LongSupplier wallClock,
               IntUnaryOperator pick) {
        this.client = client;
        this.lane = client instanceof BlockingIncrement blocking ? blocking : null;
        this.headKey = headKey;
        this.recordPrefix = headKey + ":";
        this.wallClock = wallClock;
        this.replicas = new HeadReplicas(client, headKey, headReplicas, this::head);
        this.pick = pick;
    }

    /** Copies of the head picked uniformly at random. */
    static IntUnaryOperator randomCopy() {
        return copies -> ThreadLocalRandom.current().nextInt(copies);
    }

    HeadReplicas replicas() {
        return replicas;
    }

    /** A record being stored at its position: the caller makes its change meanwhile, then {@link #await}s it. */
    static final class Pending {
        final long position;
        final FeedRecord record;
        private final String key;
        private final byte[] bytes;
        private final CompletableFuture<Void> stored;
        private final List<CompletableFuture<Item>> copies;

        private Pending(long position, FeedRecord record, String key, byte[] bytes, CompletableFuture<Void> stored,
                        List<CompletableFuture<Item>> copies) {
            this.position = position;
            this.record = record;
            this.key = key;
            this.bytes = bytes;
            this.stored = stored;
            this.copies = copies;
        }
    }

    /**
     * Advances the head and starts storing the record at the new position, without waiting for it.
     *
     * @throws CacheException when the head cannot be advanced: the change must not be made
     */
    Pending begin(FeedRecord record) {
        return begin(record, null);
    }

    /**
     * Advances the head by one without waiting: the position of a change about to be decided (a compare-and-set
     * loop sends this with its read). The position must then get a record, {@link #begin(FeedRecord, Reserved)}
     * the change's or {@link #release} one naming nothing, or readers find it missing: a gap.
     */
    Reserved reserve() {
        return new Reserved(client.incr(headKey, 1, seed(), 0));
    }

    /** A head advance sent by {@link #reserve}, its outcome not yet known. */
    static final class Reserved {
        private final CompletableFuture<Long> position;

        private Reserved(CompletableFuture<Long> position) {
            this.position = position;
        }

        /** The reserved position, or {@code -1} when the advance failed (its outcome is unknown). */
        long position() {
            try {
                return BlockingMemcachedClient.join(position);
            } catch (MemcachedException e) {
                return -1;
            }
        }
    }

    /**
     * Stores a record naming nothing at a reserved position whose change was not made, once the advance answers,
     * without waiting for either (a change that was not made needs no feed, so a slow feed server does not slow
     * it): if the record is lost, readers see a gap and drop their near tiers.
     *
     * @param stored told the position once its record is sent; not told when the advance failed
     */
    void release(Reserved reserved, FeedRecord nothing, java.util.function.LongConsumer stored) {
        reserved.position.whenComplete((position, failure) -> {
            if (failure == null) {
                client.set(recordKey(position), nothing.encode(), 0, RECORD_TTL_SECONDS);
                stored.accept(position);
            }
        });
    }

    /**
     * As {@link #begin(FeedRecord)}, at the position {@code reserved} advanced the head to when that advance
     * succeeded ({@code null}: none reserved); when it failed, the head is advanced again here.
     */
    Pending begin(FeedRecord record, Reserved reserved) {
        long position = reserved == null ? -1 : reserved.position();
        if (position < 0) {
            // a failed reservation counts as the first attempt: no more attempts than without one
            position = advanceOrFail(record, reserved != null);
        }
        String key = recordKey(position);
        byte[] bytes = record.encode();
        CompletableFuture<Void> stored = client.set(key, bytes, 0, RECORD_TTL_SECONDS);
        return new Pending(position, record, key, bytes, stored, replicas.startReads());
    }

    private long advanceOrFail(FeedRecord record, boolean lastAttempt) {
        long position;
        try {
            position = advance();
        } catch (MemcachedException first) {
            if (lastAttempt) {
                throw unadvanced(record, first);
            }
            try {
                position = advance(); // an unknown first outcome leaves at most a missing record: a gap
            } catch (MemcachedException e) {
                e.addSuppressed(first);
                throw unadvanced(record, e);
            }
        }
        return position;
    }

    private CacheException unadvanced(FeedRecord record, MemcachedException e) {
        return new CacheException("The change feed of cache " + record.cache() + " (" + headKey + ") cannot be"
                + " advanced (" + e.getMessage() + "); the change was not made, so that no near cache"
                + " keeps the value it replaces", e);
    }

    /**
     * Waits until the record of {@code pending} is stored, retrying once; if it stays missing, readers see a gap
     * and drop their near tiers, so nothing more is to be done. Then raises the head's copies to its position.
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
        if (!pending.copies.isEmpty()) {
            replicas.raise(pending.position, pending.copies);
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

    /**
     * The head, created (seeded) when missing. On the client's blocking lane where it offers one
     * ({@link BlockingIncrement}: the same call without the thread hand-offs, issue 20), else joined.
     */
    long head() {
        return lane != null ? lane.incrBlocking(headKey, 0, seed(), 0)
                : BlockingMemcachedClient.join(client.incr(headKey, 0, seed(), 0));
    }

    /**
     * One read of the head for a reader: which copy answered (0: the head) and the position it holds,
     * {@link HeadReplicas#MISSING} when that copy is absent or being placed.
     */
    record HeadRead(int copy, long position) {

        boolean missing() {
            return position == HeadReplicas.MISSING;
        }
    }

    /**
     * Reads one copy of the head, picked at random; when the copy's server fails, the head itself answers.
     *
     * @throws MemcachedException when the head cannot be read
     */
    HeadRead readHead() {
        int copy = replicas.count() == 1 ? 0 : pick.applyAsInt(replicas.count());
        if (copy != 0) {
            try {
                return new HeadRead(copy, replicas.read(copy));
            } catch (MemcachedException e) {
                // the copy's server fails: the head is the authority, read it instead
            }
        }
        return new HeadRead(0, head());
    }

    /** For a reader that found copy {@code copy} missing: the head's position, to which the copy is raised again. */
    long replace(int copy) {
        long position = head();
        replicas.raise(copy, position);
        return position;
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
