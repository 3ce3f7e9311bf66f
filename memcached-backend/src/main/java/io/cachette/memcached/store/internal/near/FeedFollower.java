package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.store.ConsistentReads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Follows one cache manager's {@link ChangeFeed} for the near tiers of all its caches, and publishes the manager's
 * own changes to it. Why one follower per manager: one head read then proves every near tier of the manager
 * fresh, which is what lets a Hibernate transaction check freshness once however many regions it reads.
 *
 * <ul>
 *   <li><b>Strict freshness</b> ({@link #strictFresh}): a head read sent after the caller began was applied;
 *       concurrent callers share one read, at most one is in flight ({@link HeadReadWaves}). A {@linkplain #begin scope} lets a unit of
 *       work (a transaction) share the read made when it began.</li>
 *   <li><b>Bounded freshness</b> ({@link #freshWithin}): a head read sent less than the bound ago was applied,
 *       made by the backend's poller ({@link #poll}).</li>
 *   <li><b>Applying</b>: the records between the last applied position and the head remove the keys they name
 *       from the tier of the cache they name; a missing record (after {@value NearTier#RECORD_WAIT_MILLIS} ms), a
 *       head that went backwards, jumped more than {@value #MAX_BEHIND} records or cannot be read drops every
 *       tier.</li>
 *   <li><b>Copies of the head</b> ({@link HeadReplicas}): a head read reads one copy at random. A missing copy is
 *       a gap (every tier dropped, the position read from the head, the copy placed again); a copy smaller than
 *       it showed this follower before is a gap as a head going backwards; a copy smaller than the applied
 *       position but not than it showed before is behind a writer still raising it, and proves the applied
 *       position fresh (why: {@link HeadReplicas}).</li>
 * </ul>
 */
public final class FeedFollower implements ConsistentReads {

    private static final System.Logger LOG = System.getLogger(FeedFollower.class.getName());

    static final int MAX_BEHIND = 4096;
    private static final int READ_BATCH = 256;
    private static final long RECORD_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(NearTier.RECORD_WAIT_MILLIS);
    private static final ThreadLocal<FollowerScope> CURRENT = new ThreadLocal<>();

    private final ChangeFeed feed;
    private final String name;
    private final String writer;
    private final LongSupplier wallClock;
    private final Map<String, NearTier<?>> tiers = new ConcurrentHashMap<>();
    private final AtomicLong strictTiers = new AtomicLong();

    private final ReentrantLock syncLock = new ReentrantLock();
    private final HeadReadWaves waves = new HeadReadWaves(this::readHead);
    private volatile long applied = -1; // -1: no position, nothing is served
    private volatile boolean available;
    private volatile long lastSuccessSentNanos;
    private final long[] copySeen; // per copy of the head, the last position it showed; -1: none. Under syncLock
    private final java.util.concurrent.atomic.LongAdder headReads = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder gaps = new java.util.concurrent.atomic.LongAdder();
    /**
     * Positions of this follower's own records above the applied position, each with the tier that applied it
     * when it was published: a refresh skips reading them back while that tier is still the one registered for
     * its cache.
     */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, NearTier<?>> own =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * @param headKey      the feed's head key ({@code KeyLayout.feedHeadKey()})
     * @param headReplicas copies of the head that reads spread over ({@code near-cache.head-replicas}, 1 to
     *                     {@value HeadReplicas#MAX}; the same in every JVM of the key prefix)
     * @param writer       this cache manager's id in feed records
     */
    public FeedFollower(MemcachedClient client, String headKey, int headReplicas, String writer,
                        LongSupplier wallClock) {
        this(client, headKey, headReplicas, writer, wallClock, ChangeFeed.randomCopy());
    }

    /** With {@code pick} choosing the copy of the head each read reads (tests). */
    FeedFollower(MemcachedClient client, String headKey, int headReplicas, String writer, LongSupplier wallClock,
                 java.util.function.IntUnaryOperator pick) {
        this.feed = new ChangeFeed(client, headKey, headReplicas, wallClock, pick);
        this.name = headKey;
        this.writer = writer;
        this.wallClock = wallClock;
        this.copySeen = new long[feed.replicas().count()];
        java.util.Arrays.fill(copySeen, -1);
    }

    /** The feed this follower reads and publishes to. */
    ChangeFeed feed() {
        return feed;
    }

    void register(NearTier<?> tier) {
        tiers.put(tier.segment(), tier);
        if (tier.mode() == NearMode.STRICT) {
            strictTiers.incrementAndGet();
        }
    }

    void unregister(NearTier<?> tier) {
        if (tiers.remove(tier.segment(), tier) && tier.mode() == NearMode.STRICT) {
            strictTiers.decrementAndGet();
        }
    }

    long headReads() {
        return headReads.sum();
    }

    /** How many gaps this follower found (each tier counts the ones it was dropped for). */
    long gaps() {
        return gaps.sum();
    }

    /** The last applied feed position, {@code -1} when none (nothing may be served). */
    long applied() {
        return applied;
    }

    // ---------------------------------------------------------------- freshness

    /** Strict mode: whether a head read sent after this call (or after the current scope) began was applied. */
    boolean strictFresh() {
        FollowerScope scope = CURRENT.get();
        if (scope != null && scope.follower == this && scope.synced) {
            return available;
        }
        return sync();
    }

    /** Bounded mode: whether a head read sent less than {@code boundNanos} ago was applied. */
    boolean freshWithin(long boundNanos) {
        return available && System.nanoTime() - lastSuccessSentNanos < boundNanos;
    }

    /**
     * Reads the head now (shared with concurrent callers) if any cache of this manager has a strict near tier; reads
     * of strict tiers made inside the returned scope use this read instead of one each.
     */
    @Override
    public Scope begin() {
        if (strictTiers.get() == 0) {
            return new FollowerScope(this, false);
        }
        sync();
        return new FollowerScope(this, true);
    }

    /** Makes sure a head read sent after this call began was applied; {@code false}: the feed is unavailable. */
    private boolean sync() {
        return waves.await();
    }

    /** One head read for a wave of strict callers ({@link HeadReadWaves}). */
    private boolean readHead() {
        syncLock.lock();
        try {
            refresh();
            return available;
        } finally {
            syncLock.unlock();
        }
    }

    /** Bounded mode: one poll of the head, from the backend's poller thread. */
    public void poll() {
        syncLock.lock();
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "change feed " + name + ": near-cache poll failed", e);
            available = false;
            dropAll(false);
        } finally {
            syncLock.unlock();
        }
    }

    /** Reads the head and applies the records up to it; on any doubt drops everything. Under syncLock. */
    private void refresh() {
        if (NearTier.feedCheckSkipped()) {
            return; // the test hook: no head reads, no records applied
        }
        long sentAt = System.nanoTime();
        ChangeFeed.HeadRead read;
        try {
            headReads.increment();
            read = feed.readHead();
            for (NearTier<?> tier : tiers.values()) {
                tier.checkGeneration();
            }
        } catch (MemcachedException e) {
            unavailable(e);
            return;
        }
        long from = applied;
        long head = read.position();
        long shown = head;
        int copy = read.copy();
        long seen = copySeen[copy];
        if (read.missing()) {
            // a copy evicted, flushed or being placed: the head tells the position, the copy is placed again
            if (from >= 0) {
                gap("head copy " + feed.replicas().key(copy) + " missing");
            } else {
                dropAll(false);
            }
            try {
                head = shown = feed.replace(copy);
            } catch (MemcachedException e) {
                unavailable(e);
                return;
            }
            from = head; // nothing to apply: the tiers are dropped
        } else if (copy != 0 && head < seen) {
            gap("head copy " + feed.replicas().key(copy) + " went back from " + seen + " to " + head);
            from = head;
        } else if (copy != 0 && head < from && seen >= 0) {
            head = from; // a copy a writer is still raising: every change it covers is applied
        }
        copySeen[copy] = shown;
        if (head == from) {
            // nothing to apply
        } else if (from < 0 || head < from || head - from > MAX_BEHIND) {
            if (from >= 0) {
                gap("head " + head + " after position " + from);
            } else {
                dropAll(false); // (re)starting: records before the head may still have their data writes in flight
            }
        } else if (head > from) {
            try {
                if (!apply(from + 1, head)) {
                    gap("records missing between " + (from + 1) + " and " + head);
                }
            } catch (MemcachedException e) {
                unavailable(e);
                return;
            }
        }
        applied = head;
        own.headMap(head, true).clear();
        available = true;
        lastSuccessSentNanos = sentAt;
    }

    private void unavailable(MemcachedException e) {
        own.clear();
        if (available || applied >= 0) {
            LOG.log(System.Logger.Level.DEBUG, "change feed " + name + " unreadable, near tiers dropped: "
                    + e.getMessage());
            dropAll(true);
        }
        available = false;
        applied = -1;
    }

    private void gap(String what) {
        own.clear();
        gaps.increment();
        LOG.log(System.Logger.Level.DEBUG, "change feed " + name + ": gap (" + what + "), near tiers dropped");
        for (NearTier<?> tier : tiers.values()) {
            tier.gap();
        }
    }

    private void dropAll(boolean counted) {
        own.clear();
        for (NearTier<?> tier : tiers.values()) {
            if (counted) {
                tier.dropAll();
            } else {
                tier.reset();
            }
        }
    }

    /** Applies records {@code from..to}; {@code false} when one stayed missing (a gap). */
    private boolean apply(long from, long to) {
        List<Long> missing = new ArrayList<>();
        for (long position = from; position <= to; position++) {
            NearTier<?> publisher = own.remove(position);
            if (publisher == null || tiers.get(publisher.segment()) != publisher) {
                missing.add(position);
            } // else applied by its tier when published: nothing to read back
        }
        if (missing.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + RECORD_WAIT_NANOS;
        while (true) {
            List<Long> stillMissing = new ArrayList<>();
            for (int start = 0; start < missing.size(); start += READ_BATCH) {
                List<Long> batch = missing.subList(start, Math.min(missing.size(), start + READ_BATCH));
                Map<Long, FeedRecord> records = feed.read(batch);
                long now = System.nanoTime();
                for (long position : batch) {
                    FeedRecord record = records.get(position);
                    if (record == null) {
                        stillMissing.add(position);
                    } else {
                        NearTier<?> tier = tiers.get(record.cache());
                        if (tier != null) {
                            tier.apply(record, position, now);
                        }
                    }
                }
            }
            if (stillMissing.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            missing = stillMissing; // a writer between advancing the head and storing its record
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    // ---------------------------------------------------------------- publishing

    /** Advances the head for a change of {@code tier} and starts storing its record; the tier applies it. */
    ChangeFeed.Pending publish(NearTier<?> tier, FeedRecord.Kind kind, List<String> texts) {
        return publish(tier, kind, texts, null);
    }

    /** As {@link #publish(NearTier, FeedRecord.Kind, List)}, at the position of {@code reserved} if it has one. */
    ChangeFeed.Pending publish(NearTier<?> tier, FeedRecord.Kind kind, List<String> texts,
                               ChangeFeed.Reserved reserved) {
        FeedRecord record = new FeedRecord(kind, wallClock.getAsLong(), writer, tier.segment(),
                kind.dropsAll() ? List.of() : texts);
        return feed.begin(record, reserved);
    }

    /** Sends a head advance for a change of {@code tier} about to be decided (see {@link ChangeFeed#reserve}). */
    ChangeFeed.Reserved reserve() {
        return feed.reserve();
    }

    /** Gives a reserved position whose change was not made a record naming nothing (see {@link ChangeFeed#release}). */
    void release(NearTier<?> tier, ChangeFeed.Reserved reserved) {
        feed.release(reserved, new FeedRecord(FeedRecord.Kind.WRITE, wallClock.getAsLong(), writer, tier.segment(),
                List.of()), position -> published(tier, position));
    }

    /**
     * Notes that {@code tier} applied its own record at {@code position} when publishing it, so that a refresh need
     * not read it back. Called after the tier applied it: a refresh that skips it finds it applied.
     */
    void published(NearTier<?> tier, long position) {
        if (position > applied) {
            own.put(position, tier);
        }
    }

    /** Waits for the record of {@code pending} to be stored (see {@link ChangeFeed#await}). */
    void await(ChangeFeed.Pending pending) {
        feed.await(pending);
    }

    /** Publishes {@code record} once more and returns its new position once stored. */
    long republish(FeedRecord record) {
        return feed.publish(record);
    }

    @Override
    public String toString() {
        return "FeedFollower{" + name + ", applied=" + applied + ", tiers=" + tiers.keySet() + "}";
    }

    /** A unit of work's share of one head read. */
    private static final class FollowerScope implements Scope {
        final FeedFollower follower;
        final boolean synced;

        FollowerScope(FeedFollower follower, boolean synced) {
            this.follower = follower;
            this.synced = synced;
        }

        @Override
        public <T> T call(Supplier<T> read) {
            FollowerScope previous = CURRENT.get();
            CURRENT.set(this);
            try {
                return read.get();
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        }
    }
}
