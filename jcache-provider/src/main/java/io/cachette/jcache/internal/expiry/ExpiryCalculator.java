package io.cachette.jcache.internal.expiry;

import io.cachette.store.StoreEntry;

import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns an {@link ExpiryPolicy}'s durations into store expiry times (epoch milliseconds); the arithmetic under
 * {@link ExpiryDecision}.
 *
 * <p>A zero duration gives {@link #EXPIRED}: the entry must not be stored, or must go. A {@code null} update
 * or access duration leaves the current expiry time; a {@code null} creation duration, and a policy that
 * throws, are treated as "no opinion": eternal for a creation, unchanged otherwise.
 */
final class ExpiryCalculator {

    /** The expiry time of an entry that expires at once. */
    static final long EXPIRED = Long.MIN_VALUE;

    private final ExpiryPolicy policy;
    private final boolean eternal;
    private final boolean accessMatters;
    private final boolean writeIgnoresCurrent;

    ExpiryCalculator(ExpiryPolicy policy) {
        this.policy = policy;
        Class<?> type = policy.getClass();
        this.eternal = type == EternalExpiryPolicy.class;
        // the spec's own policies return null for accesses: no need to call them on the read path
        this.accessMatters = !(eternal || type == CreatedExpiryPolicy.class || type == ModifiedExpiryPolicy.class);
        // exact classes only: a subclass (or any other policy) may answer differently per call, and the spec's
        // Created and Accessed policies return null for updates, which keeps the current expiry time
        this.writeIgnoresCurrent = eternal || type == ModifiedExpiryPolicy.class || type == TouchedExpiryPolicy.class;
    }

    /** The policy this calculator asks. */
    ExpiryPolicy policy() {
        return policy;
    }

    /** Whether a read may change an entry's expiry time; {@code false} lets reads skip the policy. */
    boolean accessMatters() {
        return accessMatters;
    }

    /**
     * Whether a write's expiry time is the same whether it creates or updates the entry, whatever the current
     * expiry time: the spec's eternal policy (every entry of the cache is eternal), and its modified and touched
     * policies (one duration for creations and updates). Then {@link #onCreation} gives the expiry time of any
     * write, and a write need not read the entry it replaces.
     */
    boolean writeIgnoresCurrent() {
        return writeIgnoresCurrent;
    }

    /** The expiry time of an entry created at {@code now}, or {@link #EXPIRED}. */
    long onCreation(long now) {
        if (eternal) {
            return StoreEntry.ETERNAL;
        }
        Duration duration;
        try {
            duration = policy.getExpiryForCreation();
        } catch (RuntimeException e) {
            return StoreEntry.ETERNAL;
        }
        return duration == null ? StoreEntry.ETERNAL : expiresAt(duration, now);
    }

    /** The expiry time of an entry updated at {@code now}, or {@link #EXPIRED}. */
    long onUpdate(long now, long current) {
        if (eternal) {
            return current;
        }
        Duration duration;
        try {
            duration = policy.getExpiryForUpdate();
        } catch (RuntimeException e) {
            return current;
        }
        return duration == null ? current : expiresAt(duration, now);
    }

    /** The expiry time of an entry read at {@code now}, or {@link #EXPIRED}. */
    long onAccess(long now, long current) {
        if (!accessMatters) {
            return current;
        }
        Duration duration;
        try {
            duration = policy.getExpiryForAccess();
        } catch (RuntimeException e) {
            return current;
        }
        return duration == null ? current : expiresAt(duration, now);
    }

    private static long expiresAt(Duration duration, long now) {
        if (duration.isEternal()) {
            return StoreEntry.ETERNAL;
        }
        if (duration.isZero()) {
            return EXPIRED;
        }
        long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
        long at = now + millis;
        return at < now ? StoreEntry.ETERNAL - 1 : Math.min(at, StoreEntry.ETERNAL - 1);
    }
}
