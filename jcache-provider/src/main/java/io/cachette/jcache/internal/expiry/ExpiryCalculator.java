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
 *
 * @param policy the policy this calculator asks
 * @param eternal whether {@code policy} is the spec's eternal policy (then it is never asked)
 * @param accessMatters whether a read may change an entry's expiry time; {@code false} lets reads skip the policy
 * @param writeIgnoresCurrent whether a write's expiry time is the same whether it creates or updates the entry,
 *        whatever the current expiry time: the spec's eternal policy (every entry of the cache is eternal), and
 *        its modified and touched policies (one duration for creations and updates). Then {@link #onCreation}
 *        gives the expiry time of any write, and a write need not read the entry it replaces.
 */
record ExpiryCalculator(ExpiryPolicy policy, boolean eternal, boolean accessMatters, boolean writeIgnoresCurrent) {

    /** The expiry time of an entry that expires at once. */
    static final long EXPIRED = Long.MIN_VALUE;

    /** What the policy asks of the operation being timed. */
    private enum Operation { CREATION, UPDATE, ACCESS }

    /** The calculator of {@code policy}, its shortcuts worked out once from its class. */
    static ExpiryCalculator of(ExpiryPolicy policy) {
        Class<?> type = policy.getClass();
        boolean eternal = type == EternalExpiryPolicy.class;
        // the spec's own policies return null for accesses: no need to call them on the read path
        boolean accessMatters = !(eternal || type == CreatedExpiryPolicy.class || type == ModifiedExpiryPolicy.class);
        // exact classes only: a subclass (or any other policy) may answer differently per call, and the spec's
        // Created and Accessed policies return null for updates, which keeps the current expiry time
        boolean writeIgnoresCurrent = eternal || type == ModifiedExpiryPolicy.class
                || type == TouchedExpiryPolicy.class;
        return new ExpiryCalculator(policy, eternal, accessMatters, writeIgnoresCurrent);
    }

    /** The expiry time of an entry created at {@code now}, or {@link #EXPIRED}. */
    long onCreation(long now) {
        return eternal ? StoreEntry.ETERNAL : ask(Operation.CREATION, now, StoreEntry.ETERNAL);
    }

    /** The expiry time of an entry updated at {@code now}, or {@link #EXPIRED}. */
    long onUpdate(long now, long current) {
        return eternal ? current : ask(Operation.UPDATE, now, current);
    }

    /** The expiry time of an entry read at {@code now}, or {@link #EXPIRED}. */
    long onAccess(long now, long current) {
        return accessMatters ? ask(Operation.ACCESS, now, current) : current;
    }

    /** The policy's duration for {@code operation} from {@code now}; {@code noOpinion} for null or a throw. */
    private long ask(Operation operation, long now, long noOpinion) {
        Duration duration;
        try {
            duration = switch (operation) {
                case CREATION -> policy.getExpiryForCreation();
                case UPDATE -> policy.getExpiryForUpdate();
                case ACCESS -> policy.getExpiryForAccess();
            };
        } catch (RuntimeException e) {
            return noOpinion;
        }
        return duration == null ? noOpinion : expiresAt(duration, now);
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
