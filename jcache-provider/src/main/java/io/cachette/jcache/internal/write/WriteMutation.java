package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.function.Predicate;

/**
 * A write of one entry: if its condition holds for the current entry, tells the writer (once, before the store
 * changes, so that a writer failure leaves the entry as it was), then writes as {@link ExpiryDecision} decides.
 * A rejected write leaves the entry, or counts as an access of it when the operation says so.
 */
final class WriteMutation<K, V> extends MutationOutcome<K, V> {

    private final ExpiryDecision expiry;
    private final V stored;
    private final Predicate<StoreEntry<V>> condition;
    private final boolean rejectionIsAccess;
    private final CacheWriterAdapter<K, V> writer;

    /**
     * @param stored            what to store: {@code value} as copied in
     * @param condition         whether to write, given the current entry; {@code null}: always
     * @param rejectionIsAccess whether a rejected write applies the access expiry to the entry it read
     * @param writer            the writer to tell, {@code null} for none
     */
    WriteMutation(CacheContext<K, V> context, K key, V value, V stored, Predicate<StoreEntry<V>> condition,
                  boolean rejectionIsAccess, CacheWriterAdapter<K, V> writer) {
        super(context.events(), key, value);
        this.expiry = context.expiry();
        this.stored = stored;
        this.condition = condition;
        this.rejectionIsAccess = rejectionIsAccess;
        this.writer = writer;
    }

    @Override
    protected StoreMutation<V> decide(StoreEntry<V> current) {
        if (condition != null && !condition.test(current)) {
            return rejectionIsAccess ? expiry.access(current) : StoreMutation.keep();
        }
        markApplied();
        if (writer != null && firstWriterCall()) {
            // a remote store may run this mutation again after a conflict: tell the writer once
            writer.write(key(), value());
        }
        return expiry.write(current, stored, this);
    }
}
