package io.cachette.hibernate.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/**
 * An unlocked read-write entry: the cached value, its version and the timestamp it was written at.
 *
 * <p>Immutable. Equality is the {@link Stamp} of the write alone (see {@link Stamp} for why).
 */
final class CachedItem implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Object value;
    private final Object version;
    private final long timestamp;
    private final Stamp stamp;

    CachedItem(Object value, Object version, long timestamp, Stamp stamp) {
        this.value = Objects.requireNonNull(value, "value");
        this.version = version;
        this.timestamp = timestamp;
        this.stamp = Objects.requireNonNull(stamp, "stamp");
    }

    Object value() {
        return value;
    }

    Object version() {
        return version;
    }

    /** A transaction may read the item only if it began after the item was written. */
    boolean isReadable(long txTimestamp) {
        return txTimestamp > timestamp;
    }

    /** Whether the item was written before a transaction that began at {@code txTimestamp}. */
    boolean isWrittenBefore(long txTimestamp) {
        return timestamp < txTimestamp;
    }

    /** A load may overwrite the item only with a strictly newer version. */
    boolean isWriteable(Object newVersion, Comparator<Object> versionComparator) {
        return version != null && newVersion != null && versionComparator != null
                && versionComparator.compare(version, newVersion) < 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedItem that && stamp.equals(that.stamp);
    }

    @Override
    public int hashCode() {
        return stamp.hashCode();
    }

    @Override
    public String toString() {
        return "CachedItem[version=" + version + ", timestamp=" + timestamp + ", stamp=" + stamp + "]";
    }
}
