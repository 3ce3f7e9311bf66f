package io.cachette.jcache.internal.expiry;

import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.time.Clock;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The one home of the rule every write and every access of an entry follows: work out the creation, update or
 * access expiry time from the cache's {@link ExpiryPolicy}; if the entry is already expired by it, keep its
 * absence or remove it, else write it with that expiry time. Every path that changes an entry — put, replace,
 * putAll, read-through, loadAll, entry processors, access expiry of reads — asks this class for its
 * {@link StoreMutation} from inside {@code Store.compute}.
 */
public final class ExpiryDecision {

    /** The expiry time of an entry that expires at once. */
    public static final long EXPIRED = ExpiryCalculator.EXPIRED;

    private final ExpiryCalculator expiry;
    private final Clock clock;

    public ExpiryDecision(ExpiryPolicy policy, Clock clock) {
        this.expiry = ExpiryCalculator.of(policy);
        this.clock = clock;
    }

    /** The policy, to close it with the cache. */
    public ExpiryPolicy policy() {
        return expiry.policy();
    }

    /** Whether a read may change an entry's expiry time; {@code false} lets reads skip {@link #access}. */
    public boolean accessMatters() {
        return expiry.accessMatters();
    }

    /**
     * Whether a write's expiry time is the same whether it creates or updates the entry; then a write need not
     * read the entry it replaces, and {@link #blindWrite()} gives its expiry time.
     */
    public boolean writeIgnoresCurrent() {
        return expiry.writeIgnoresCurrent();
    }

    /**
     * The expiry time of a write that does not read the entry it replaces, or {@link #EXPIRED}: then the caller
     * must take the atomic path, which decides between not storing and removing.
     */
    public long blindWrite() {
        return expiry.onCreation(clock.millis());
    }

    /**
     * The mutation that writes {@code stored} over {@code current} ({@code null}: absent) with the creation or
     * update expiry time; when that time is already past, keeps the absence or removes the entry (an expiry,
     * for the events). Tells {@code outcome} whether it wrote or expired the entry.
     */
    public <V> StoreMutation<V> write(StoreEntry<V> current, V stored, MutationOutcome<?, V> outcome) {
        long now = clock.millis();
        long at = current == null ? expiry.onCreation(now) : expiry.onUpdate(now, current.expiresAtMillis());
        if (at == EXPIRED) {
            if (current == null) {
                return StoreMutation.keep();
            }
            outcome.markExpired();
            return StoreMutation.remove();
        }
        outcome.markWritten();
        return StoreMutation.write(stored, at);
    }

    /**
     * The mutation that applies the access expiry time to {@code current}, an entry just read ({@code null}:
     * nothing to do): keep it when the time does not change, remove it when the policy expires it now.
     */
    public <V> StoreMutation<V> access(StoreEntry<V> current) {
        if (current == null || !expiry.accessMatters()) {
            return StoreMutation.keep();
        }
        long at = expiry.onAccess(clock.millis(), current.expiresAtMillis());
        if (at == current.expiresAtMillis()) {
            return StoreMutation.keep();
        }
        return at == EXPIRED ? StoreMutation.remove() : StoreMutation.write(current.value(), at);
    }
}
