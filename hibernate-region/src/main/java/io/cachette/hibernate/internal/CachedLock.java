package io.cachette.hibernate.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * A soft lock in place of a read-write entry: while a transaction changes the row, nobody reads the entry and
 * loads may not fill it; once released, loads fill it again only from transactions that began after the release
 * (or with a newer version), so a value read before the change can never be cached after it.
 *
 * <p>Immutable: every change (another holder, a release) is a new instance with a new revision {@link Stamp},
 * written with {@code replace(key, old, new)}. {@link #lockId} identifies the lock across those revisions and
 * is what a holder's {@link LockHandle} matches; equality is the revision alone.
 */
final class CachedLock implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Stamp lockId;
    private final Object version;
    private final long timeout;
    private final int holders;
    private final boolean concurrent;
    private final long unlockTimestamp;
    private final Stamp revision;

    private CachedLock(Stamp lockId, Object version, long timeout, int holders, boolean concurrent,
            long unlockTimestamp, Stamp revision) {
        this.lockId = Objects.requireNonNull(lockId, "lockId");
        this.version = version;
        this.timeout = timeout;
        this.holders = holders;
        this.concurrent = concurrent;
        this.unlockTimestamp = unlockTimestamp;
        this.revision = Objects.requireNonNull(revision, "revision");
    }

    /** A lock held by one transaction, replacing an entry of the given version (or none). */
    static CachedLock acquire(Object version, long timeout, Stamp.Source stamps) {
        Stamp id = stamps.next();
        return new CachedLock(id, version, timeout, 1, false, 0L, id);
    }

    /**
     * A lock that nobody holds and that was released at {@code now}: it keeps the entry empty for loads by
     * transactions that began earlier. Used when a holder finds its own lock gone (timed out or overwritten).
     */
    static CachedLock released(long now, long timeout, Stamp.Source stamps) {
        Stamp id = stamps.next();
        return new CachedLock(id, null, timeout, 0, false, now, id);
    }

    /** The same lock held by one more transaction (two transactions changing the same row). */
    CachedLock acquiredAgain(long newTimeout, Stamp.Source stamps) {
        return new CachedLock(lockId, version, newTimeout, holders + 1, true, unlockTimestamp, stamps.next());
    }

    /** The same lock with one holder fewer; at zero holders it records the release time. */
    CachedLock releasedOnce(long now, Stamp.Source stamps) {
        int remaining = Math.max(0, holders - 1);
        return new CachedLock(lockId, version, timeout, remaining, concurrent,
                remaining == 0 ? now : unlockTimestamp, stamps.next());
    }

    Stamp lockId() {
        return lockId;
    }

    boolean isHeldBy(Object handle) {
        return handle instanceof LockHandle h && h.lockId().equals(lockId);
    }

    /** True if another transaction took this lock while it was held: the last value is then unknown. */
    boolean wasLockedConcurrently() {
        return concurrent;
    }

    boolean isHeld() {
        return holders > 0;
    }

    boolean isTimedOut(long now) {
        return now > timeout;
    }

    /** Whether a load by a transaction that began at {@code txTimestamp} may replace this lock. */
    boolean isWriteable(long txTimestamp, Object newVersion, Comparator<Object> versionComparator) {
        if (txTimestamp > timeout) {
            return true;
        }
        if (holders > 0) {
            return false;
        }
        if (txTimestamp > unlockTimestamp) {
            return true;
        }
        return version != null && newVersion != null && versionComparator != null
                && versionComparator.compare(version, newVersion) < 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedLock that && revision.equals(that.revision);
    }

    @Override
    public int hashCode() {
        return revision.hashCode();
    }

    @Override
    public String toString() {
        return "CachedLock[id=" + lockId + ", holders=" + holders + ", concurrent=" + concurrent
                + ", timeout=" + timeout + ", unlockTimestamp=" + unlockTimestamp + "]";
    }
}
