package io.cachette.hibernate.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.AbstractCachedDomainDataAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Hibernate's read-write protocol (soft locks, items stamped with their write time) built only on atomic JCache
 * operations: {@code putIfAbsent}, {@code replace(key, old, new)} and {@code remove(key, old)}.
 *
 * <p>Why: Hibernate's stock {@code AbstractReadWriteAccess} reads an entry, decides, and writes it back under a
 * JVM-local lock. That is atomic only while the cache lives in one JVM; when JVMs share the cache two of them
 * can both read "unlocked" and one overwrites the other's soft lock with a stale value. Here every decision is
 * committed with a compare-and-set against the exact entry it was based on (entries compare by a unique stamp,
 * see {@link Stamp}); when the entry changed meanwhile, the decision is re-made from the new entry.
 *
 * <p>The protocol, per key: a load ({@code putFromLoad}) may fill an empty entry, replace an older version, or
 * replace a released soft lock if its transaction began after the release; {@code lockItem} turns the entry into
 * a soft lock (or adds a holder to an existing one); completion replaces the lock with the new value
 * ({@code afterUpdate}) or releases it ({@code unlockItem}). A holder that finds its lock gone (timed out, evicted)
 * leaves a released lock behind, so no value loaded before its change gets cached.
 *
 * <p>Also serves {@link AccessType#TRANSACTIONAL} (see {@link CachetteDomainDataRegion} for what that means
 * without JTA). Failures of the cache end the operation as a miss / skipped write (see {@link RegionCache}).
 */
abstract class AtomicReadWriteAccess extends AbstractCachedDomainDataAccess {

    /** Compare-and-set attempts before a write gives up (a load) or forces its way (a lock). */
    static final int MAX_ATTEMPTS = 64;

    private static final Logger LOG = System.getLogger(AtomicReadWriteAccess.class.getName());

    private final RegionCache cache;
    private final AccessType accessType;
    private final Stamp.Source stamps = new Stamp.Source();
    private final SoftLockCounts counts = new SoftLockCounts();

    AtomicReadWriteAccess(DomainDataRegion region, RegionCache cache, AccessType accessType) {
        super(region, cache);
        this.cache = cache;
        this.accessType = accessType;
    }

    /** Orders versions of the cached data, or {@code null} if it is not versioned. */
    abstract Comparator<Object> versionComparator();

    @Override
    public AccessType getAccessType() {
        return accessType;
    }

    /** What this access counted: soft locks, their contention, CAS retries. */
    final SoftLockCounts counts() {
        return counts;
    }

    /** {@code written}, the outcome of a compare-and-set, counting a retry when it lost. */
    private boolean committed(boolean written) {
        if (!written) {
            counts.casRetry();
        }
        return written;
    }

    /** {@code writeable}, the decision about {@code current}, counting a refusal because of a soft lock. */
    private boolean admitted(boolean writeable, Object current) {
        if (!writeable && current instanceof CachedLock) {
            counts.refusedByLock();
        }
        return writeable;
    }

    private RegionFactory regionFactory() {
        return getRegion().getRegionFactory();
    }

    private long nextTimestamp() {
        return regionFactory().nextTimestamp();
    }

    private static long txTimestamp(SharedSessionContractImplementor session) {
        return session.getCacheTransactionSynchronization().getCachingTimestamp();
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
        Object entry = cache.get(key, session);
        if (entry instanceof CachedItem item && item.isReadable(txTimestamp(session))) {
            return item.value();
        }
        return null;
    }

    @Override
    public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value, Object version) {
        return putFromLoad(session, key, value, version, false);
    }

    @Override
    public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value, Object version,
            boolean minimalPutOverride) {
        long txTimestamp = txTimestamp(session);
        // Stamped just below the loading transaction's start, so that every transaction that started no earlier
        // may read it: on a shared cache, all transactions that started with no change in between have the same
        // start timestamp (see CacheTimestamper).
        long itemTimestamp = txTimestamp - 1;
        // no version to compare: with minimal puts an existing entry is assumed current
        boolean replace = !(minimalPutOverride && version == null);
        return fill(key, cache.storable(value, session), version, () -> itemTimestamp,
                current -> isWriteable(current, txTimestamp, version), replace);
    }

    /**
     * Caches {@code storable} as a new item stamped with {@code timestamp}: in an empty entry, or in place of the
     * current one when {@code replaceable} admits it and {@code replace} is set (else an admitted entry is kept).
     * A lost compare-and-set is decided again on the entry that won it.
     *
     * @return whether the item was cached
     */
    private boolean fill(Object key, Object storable, Object version, LongSupplier timestamp,
            Predicate<Object> replaceable, boolean replace) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Object current = cache.getOrThrow(key);
                CachedItem item = new CachedItem(storable, version, timestamp.getAsLong(), stamps.next());
                if (current == null) {
                    if (committed(cache.putIfAbsentOrThrow(key, item))) {
                        return true;
                    }
                    continue;
                }
                if (!admitted(replaceable.test(current), current) || !replace) {
                    return false;
                }
                if (committed(cache.replaceOrThrow(key, current, item))) {
                    return true;
                }
            }
            return false;
        } catch (CacheUnavailableException e) {
            return false;
        }
    }

    private boolean isWriteable(Object current, long txTimestamp, Object version) {
        if (current instanceof CachedLock lock) {
            return lock.isWriteable(txTimestamp);
        }
        if (current instanceof CachedItem item) {
            return item.isWriteable(version, versionComparator());
        }
        return true; // not ours (e.g. left by another access type): replace it
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
        long timeout = nextTimestamp() + regionFactory().getTimeout();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Object current = cache.getOrThrow(key);
                CachedLock lock = current instanceof CachedLock held
                        ? held.acquiredAgain(timeout, stamps)
                        : CachedLock.acquire(timeout, stamps);
                boolean placed = current == null
                        ? cache.putIfAbsentOrThrow(key, lock)
                        : cache.replaceOrThrow(key, current, lock);
                if (committed(placed)) {
                    counts.placed(current instanceof CachedLock held && held.isHeld());
                    return new LockHandle(lock.lockId());
                }
            }
            // Extreme contention: never leave a readable value behind a change, even at the cost of another
            // holder's lock count (its completion then leaves a released lock, see expire()).
            CachedLock lock = CachedLock.acquire(timeout, stamps);
            LOG.log(Level.DEBUG, () -> "forcing soft lock on " + cache.name() + " after " + MAX_ATTEMPTS
                    + " attempts: " + key);
            cache.putOrThrow(key, lock);
            counts.forced();
            counts.placed(true);
            return new LockHandle(lock.lockId());
        } catch (CacheUnavailableException e) {
            // The change goes on in the database; the entry is invalidated once the cache answers again.
            cache.invalidateLater(key);
            return new LockHandle(stamps.next());
        }
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock handle) {
        complete(key, handle, null);
    }

    /**
     * Completes a change of {@code key} under {@code handle}: caches the new value if this transaction alone
     * held the lock, otherwise just releases its hold.
     *
     * @return whether the new value was cached
     */
    final boolean completeUpdate(Object key, Object value, Object version, SoftLock handle) {
        return complete(key, handle, () -> new CachedItem(value, version, nextTimestamp(), stamps.next()));
    }

    /**
     * Ends the hold of {@code handle} on the soft lock of {@code key}: replaces the lock with {@code item} when
     * there is one and no other transaction took the lock meanwhile, else releases the hold. A holder that finds
     * its lock gone leaves a released lock behind ({@link #expire}).
     *
     * @param item the new value's item, or {@code null} to release only
     * @return whether {@code item} was cached
     */
    private boolean complete(Object key, SoftLock handle, Supplier<CachedItem> item) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Object current = cache.getOrThrow(key);
                if (!(current instanceof CachedLock lock) || !lock.isHeldBy(handle)) {
                    counts.lost();
                    expire(key);
                    return false;
                }
                if (item == null || lock.wasLockedConcurrently()) {
                    if (committed(cache.replaceOrThrow(key, lock, lock.releasedOnce(nextTimestamp(), stamps)))) {
                        return false;
                    }
                } else if (committed(cache.replaceOrThrow(key, lock, item.get()))) {
                    return true;
                }
            }
            expire(key);
            return false;
        } catch (CacheUnavailableException e) {
            cache.invalidateLater(key);
            return false;
        }
    }

    /**
     * Caches a newly inserted value after the inserting transaction committed. The insert succeeded, so no row
     * with this key existed: an entry written before the transaction began (a row deleted behind Hibernate's
     * back, by bulk SQL or another application) is stale and replaced. Left alone, because they may be about the
     * new row: a held soft lock, a released one its loads may not yet replace ({@link CachedLock#isWriteable}),
     * and an item written since the transaction began (every change of the new row after the commit takes a
     * timestamp greater than the inserting transaction's start).
     *
     * @return whether the value was cached
     */
    final boolean completeInsert(SharedSessionContractImplementor session, Object key, Object value,
            Object version) {
        long txTimestamp = txTimestamp(session);
        return fill(key, cache.storable(value, session), version, this::nextTimestamp,
                current -> isReplaceableByInsert(current, txTimestamp), true);
    }

    private static boolean isReplaceableByInsert(Object current, long txTimestamp) {
        if (current instanceof CachedLock lock) {
            return lock.isWriteable(txTimestamp);
        }
        if (current instanceof CachedItem item) {
            return item.isWrittenBefore(txTimestamp);
        }
        return true; // not ours (e.g. left by another access type): replace it
    }

    /**
     * A holder found its lock gone: leave a released lock so that no transaction that began before now caches
     * what it read. A live lock of another transaction already does that and is left alone.
     */
    private void expire(Object key) {
        RegionFactory factory = regionFactory();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Object current = cache.getOrThrow(key);
            long now = factory.nextTimestamp();
            if (current instanceof CachedLock lock && lock.isHeld() && !lock.isTimedOut(now)) {
                return;
            }
            CachedLock released = CachedLock.released(now, now + factory.getTimeout(), stamps);
            boolean placed = current == null
                    ? cache.putIfAbsentOrThrow(key, released)
                    : cache.replaceOrThrow(key, current, released);
            if (committed(placed)) {
                return;
            }
        }
        cache.putOrThrow(key, CachedLock.released(factory.nextTimestamp(), factory.nextTimestamp(), stamps));
    }

    /** Drops the entry unless it is a soft lock, which must stay until its holder completes. */
    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
        try {
            Object current = cache.getOrThrow(key);
            if (current != null && !(current instanceof CachedLock)) {
                cache.removeOrThrow(key, current);
            }
        } catch (CacheUnavailableException e) {
            cache.invalidateLater(key);
        }
    }

    /**
     * Bulk operations (HQL update/delete) call this before they run and {@link #unlockRegion} after completion:
     * emptying the region at both points keeps values from before the statement out of it.
     */
    @Override
    public void removeAll(SharedSessionContractImplementor session) {
        cache.clear();
    }
}
