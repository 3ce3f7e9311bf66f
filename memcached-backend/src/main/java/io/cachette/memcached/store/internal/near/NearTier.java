package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.store.NearCacheCounters;
import io.cachette.memcached.store.internal.MemcachedEntry;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The near tier of one memcached cache: decoded entries in a bounded local LRU store, kept coherent with
 * memcached through its cache manager's change feed, which a {@link FeedFollower} reads and applies here. The rules
 * (see NEAR-CACHE.md for the races they answer):
 *
 * <ul>
 *   <li><b>Serving.</b> A near entry is used only while every feed record after the position it was read at is
 *       applied (applying a record removes the keys it names) and the applied position is fresh enough: strict,
 *       at least a head read sent after the operation (or the {@linkplain FeedFollower#begin scope}) began;
 *       bounded, a head read sent less than {@code max-staleness} ago by the background poller. Otherwise the
 *       read goes to memcached ({@link #begin}).</li>
 *   <li><b>Filling.</b> A value read from memcached is kept only if, for its key, no record was applied after
 *       the read began or less than {@value #QUARANTINE_MILLIS} ms before it began, and the tier was not reset
 *       in that window ({@link #fill}, checked under the key's lock, so a record applied concurrently either
 *       refuses the fill or removes the filled entry). The second condition closes the race that feed-before-data
 *       opens: a record is visible before its data write lands, so a reader that applied it may still read the
 *       old value; the quarantine outlasts the data write, because a writer whose data write completes more than
 *       {@value #LATE_WRITE_MILLIS} ms after it began publishing publishes its record once more
 *       ({@link #written}).</li>
 *   <li><b>Gaps.</b> A gap in the feed (see {@link FeedFollower}), a generation change, or a record of kind
 *       {@code C}/{@code A} for this cache drop the whole tier ({@link #dropAll}).</li>
 *   <li><b>Own writes.</b> Published records are applied here at once (the key is removed and quarantined),
 *       so the follower does not read them back from the feed; after the memcached write, whatever its outcome,
 *       the key is removed again: an own write never fills.</li>
 * </ul>
 *
 * @param <V> value type
 */
public final class NearTier<V> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NearTier.class.getName());

    static final long QUARANTINE_MILLIS = 200;
    static final long LATE_WRITE_MILLIS = QUARANTINE_MILLIS / 2;
    static final long RECORD_WAIT_MILLIS = 100;
    private static final long QUARANTINE_NANOS = TimeUnit.MILLISECONDS.toNanos(QUARANTINE_MILLIS);
    private static final long LATE_WRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(LATE_WRITE_MILLIS);

    private static volatile boolean skipFeedCheck;

    /**
     * Test hook: near entries are served without any feed check (no head reads, no records applied), so that a
     * staleness test can show it finds stale reads. Never for production.
     */
    public static void skipFeedCheckForTests(boolean skip) {
        skipFeedCheck = skip;
    }

    static boolean feedCheckSkipped() {
        return skipFeedCheck;
    }

    /** What a read may do with the near tier, decided once per operation. */
    public static final class ReadToken {
        final boolean servable;
        final boolean fillable;
        final long epoch;
        final long position;
        final long startNanos;

        ReadToken(boolean servable, boolean fillable, long epoch, long position, long startNanos) {
            this.servable = servable;
            this.fillable = fillable;
            this.epoch = epoch;
            this.position = position;
            this.startNanos = startNanos;
        }
    }

    /** A published change of this JVM, to be completed by {@link #written}. */
    public static final class Publication {
        final FeedRecord record;
        final long sentNanos;
        final ChangeFeed.Pending pending;

        Publication(FeedRecord record, long sentNanos, ChangeFeed.Pending pending) {
            this.record = record;
            this.sentNanos = sentNanos;
            this.pending = pending;
        }
    }

    /** The last record position applied for a key, and when (nanoTime). */
    private record Guard(long position, long appliedNanos) {
    }

    private final String cacheName;
    private final String segment;
    private final Store<String, Object[]> store;
    private final FeedFollower follower;
    private final NearMode mode;
    private final long maxStalenessNanos;
    private final LongSupplier generation;
    private long knownGeneration = Long.MIN_VALUE; // guarded by the follower's sync lock

    private final AtomicLong epoch = new AtomicLong();
    private volatile long resetNanos = System.nanoTime();
    private final ConcurrentHashMap<String, Guard> guards = new ConcurrentHashMap<>();
    private static final int MIN_PRUNE_AT = 4096;
    private volatile int pruneAt = MIN_PRUNE_AT;

    private final NearTierCounts counts = new NearTierCounts();

    /**
     * A tier that follows {@code follower} from now on (until {@link #close}).
     *
     * @param segment    the cache's key-layout segment, which names it in feed records
     * @param store      the local store holding the entries (key text to {@code [MemcachedEntry, item bytes]})
     * @param generation the cache's current generation; may throw a {@link MemcachedException}
     */
    public NearTier(String cacheName, String segment, Store<String, Object[]> store, FeedFollower follower,
                    NearMode mode, long maxStalenessMillis, LongSupplier generation) {
        this.cacheName = cacheName;
        this.segment = segment;
        this.store = store;
        this.follower = follower;
        this.mode = mode;
        this.maxStalenessNanos = TimeUnit.MILLISECONDS.toNanos(maxStalenessMillis);
        this.generation = generation;
        follower.register(this);
    }

    public NearMode mode() {
        return mode;
    }

    String segment() {
        return segment;
    }

    /** The bounded mode's poll interval in nanoseconds: a quarter of the bound, so a slow poll still fits. */
    public long pollIntervalNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), maxStalenessNanos / 4);
    }

    // ---------------------------------------------------------------- reads

    /** Decides, once per operation, whether near entries may be served; strict mode may read the head here. */
    public ReadToken begin() {
        if (skipFeedCheck) {
            return new ReadToken(true, true, epoch.get(), Long.MAX_VALUE, System.nanoTime());
        }
        boolean fresh = mode == NearMode.STRICT ? follower.strictFresh() : follower.freshWithin(maxStalenessNanos);
        long position = follower.applied();
        boolean servable = fresh && position >= 0;
        if (!servable) {
            counts.unservable();
        }
        return new ReadToken(servable, servable, epoch.get(), position, System.nanoTime());
    }

    /**
     * For a read of a key the tier does not hold: it goes to memcached, which is fresh by itself, so strict mode
     * skips the head read; the value may still be kept ({@link #fill}) at the position applied now, whose guards
     * refuse or later remove it if a change raced with the read. Nothing is served with this token.
     */
    ReadToken beginMiss() {
        long position = follower.applied();
        if (position < 0) {
            return begin(); // not following the feed yet (or lost it): a head read starts it
        }
        return new ReadToken(false, true, epoch.get(), position, System.nanoTime());
    }

    /**
     * The token of a read of {@code text}: strict mode proves the tier fresh (a head read) only when it holds the
     * key ({@link #beginMiss} otherwise); bounded mode never reads the head here.
     */
    public ReadToken beginRead(String text) {
        if (mode == NearMode.BOUNDED || skipFeedCheck || store.get(text) != null) {
            return begin();
        }
        return beginMiss();
    }

    /** The token of a read of several keys: as {@link #beginRead} for the first key the tier holds. */
    public ReadToken beginRead(Iterable<String> texts) {
        if (mode == NearMode.BOUNDED || skipFeedCheck) {
            return begin();
        }
        for (String text : texts) {
            if (store.get(text) != null) {
                return begin();
            }
        }
        return beginMiss();
    }

    /** The near entry of {@code text} if the token allows serving it, else {@code null}. */
    @SuppressWarnings("unchecked")
    public StoreEntry<V> lookup(String text, ReadToken token) {
        if (!token.servable) {
            return null;
        }
        StoreEntry<Object[]> slot = store.get(text);
        if (slot == null) {
            return null;
        }
        counts.hit();
        return (MemcachedEntry<V>) slot.value()[0];
    }

    /** Keeps an entry read from memcached under {@code token}, unless a change may have raced with the read. */
    public void fill(String text, StoreEntry<V> entry, ReadToken token) {
        if (!token.fillable || !(entry instanceof MemcachedEntry<V> read)) {
            return;
        }
        long now = System.nanoTime();
        if (now - token.startNanos > QUARANTINE_NANOS || token.startNanos - resetNanos < QUARANTINE_NANOS) {
            counts.fillRefused();
            return;
        }
        boolean[] kept = new boolean[1];
        store.compute(text, current -> {
            if (epoch.get() != token.epoch) {
                return StoreMutation.keep();
            }
            Guard guard = guards.get(text);
            if (guard != null && (guard.position > token.position
                    || token.startNanos - guard.appliedNanos < QUARANTINE_NANOS)) {
                return StoreMutation.keep();
            }
            kept[0] = true;
            return StoreMutation.write(new Object[] {read, read.itemBytes()}, read.expiresAtMillis());
        });
        if (kept[0]) {
            counts.filled();
        } else {
            counts.fillRefused();
        }
    }

    // ---------------------------------------------------------------- own writes

    /**
     * Publishes a change before it is made, and applies it here at once.
     *
     * @throws javax.cache.CacheException when the feed cannot be advanced: the change must not be made
     */
    public Publication publish(FeedRecord.Kind kind, List<String> texts) {
        return publish(kind, texts, null);
    }

    /**
     * A feed position reserved for a change about to be decided: the head advance is sent now, alongside the read
     * the decision needs, and its answer awaited only by {@link #publish(FeedRecord.Kind, List, Reservation)}.
     * Exactly one of that or {@link #release} must follow, promptly: readers that see the position wait briefly
     * for its record and then treat it as a gap.
     */
    public static final class Reservation {
        final ChangeFeed.Reserved reserved;
        final long sentNanos;

        Reservation(ChangeFeed.Reserved reserved, long sentNanos) {
            this.reserved = reserved;
            this.sentNanos = sentNanos;
        }
    }

    /** Sends a head advance for a change of this cache that is about to be decided (see {@link Reservation}). */
    public Reservation reserve() {
        return new Reservation(follower.reserve(), System.nanoTime());
    }

    /**
     * The reserved change was not made: its position gets a record naming nothing (not waited for; if it is lost,
     * readers see a gap).
     */
    public void release(Reservation reservation) {
        follower.release(this, reservation.reserved);
    }

    /**
     * As {@link #publish(FeedRecord.Kind, List)}, at the position of {@code reservation} ({@code null}: none), whose
     * head advance then was sent before the change was decided; if that advance failed, the head is advanced here.
     *
     * @throws javax.cache.CacheException when the feed cannot be advanced: the change must not be made
     */
    public Publication publish(FeedRecord.Kind kind, List<String> texts, Reservation reservation) {
        // a reservation's time counts as the start: the late-write check below only gets stricter
        long sent = reservation == null ? System.nanoTime() : reservation.sentNanos;
        ChangeFeed.Pending pending = follower.publish(this, kind, texts,
                reservation == null ? null : reservation.reserved); // stored while the change is made
        counts.published();
        apply(pending.record, pending.position, System.nanoTime());
        follower.published(this, pending.position);
        return new Publication(pending.record, sent, pending);
    }

    /**
     * After the memcached write of a publication, whatever its outcome, before the change is acknowledged: waits
     * for the record to be stored, drops the keys here, and publishes again when the write was late.
     */
    public void written(Publication publication) {
        follower.await(publication.pending);
        if (publication.record.kind().dropsAll()) {
            dropAll();
        } else {
            for (String text : publication.record.keys()) {
                store.remove(text);
            }
        }
        if (System.nanoTime() - publication.sentNanos > LATE_WRITE_NANOS) {
            // the data write may have landed after readers' quarantine of the first record ended
            try {
                long position = follower.republish(publication.record);
                counts.published();
                apply(publication.record, position, System.nanoTime());
                follower.published(this, position);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": re-publishing a late change failed"
                        + " (" + e.getMessage() + "); other near caches may keep the previous value of "
                        + publication.record.keys());
                dropAll();
            }
        }
    }

    // ---------------------------------------------------------------- applying the feed

    /** Applies a record of this cache found at {@code position}. */
    void apply(FeedRecord record, long position, long now) {
        if (record.kind().dropsAll()) {
            dropAll();
            return;
        }
        for (String text : record.keys()) {
            invalidate(text, position, now);
        }
    }

    /** Drops the tier when the cache's generation changed (a clear) since the last check. Under the sync lock. */
    void checkGeneration() {
        long current = generation.getAsLong();
        if (knownGeneration != Long.MIN_VALUE && current != knownGeneration) {
            dropAll();
        }
        knownGeneration = current;
    }

    /** A gap in the feed: everything goes. */
    void gap() {
        counts.gap();
        dropAll();
    }

    /** Removes a key changed at {@code position} and refuses fills that may predate the change. */
    private void invalidate(String text, long position, long now) {
        guards.merge(text, new Guard(position, now),
                (old, fresh) -> new Guard(Math.max(old.position, fresh.position), fresh.appliedNanos));
        store.remove(text);
        int size = guards.size();
        if (size > pruneAt) {
            // a guard outlives any fill it can refuse by 2 quarantines (a fill checks within one of its read)
            guards.values().removeIf(guard -> now - guard.appliedNanos > 2 * QUARANTINE_NANOS);
            pruneAt = Math.max(MIN_PRUNE_AT, 2 * guards.size());
        }
    }

    /** Empties the tier; fills of reads that began before now (or within the quarantine after it) are refused. */
    public void dropAll() {
        counts.fullDrop();
        reset();
    }

    /** Empties the tier without counting a drop (the feed is being (re)started). */
    void reset() {
        resetNanos = System.nanoTime();
        epoch.incrementAndGet();
        store.clear();
        guards.clear();
    }

    /** How many entries the tier holds now (counted, not for a hot path). */
    public long entries() {
        long count = 0;
        for (java.util.Iterator<String> keys = store.keys(); keys.hasNext(); keys.next()) {
            count++;
        }
        return count;
    }

    public NearCacheCounters counters() {
        return counts.snapshot(follower.headReads());
    }

    @Override
    public void close() {
        follower.unregister(this);
        store.close();
        guards.clear();
    }

    @Override
    public String toString() {
        return "NearTier{" + cacheName + ", " + mode + ", " + follower + "}";
    }
}
