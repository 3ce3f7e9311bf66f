package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.function.Predicate;

/**
 * A removal of one entry: if its condition holds for the entry (unconditional: even when there is none), tells
 * the writer once, then removes the entry. A rejected conditional removal counts as an access of the entry.
 */
final class RemoveMutation<K, V> extends MutationOutcome<K, V> {

    private final ExpiryDecision expiry;
    private final Predicate<StoreEntry<V>> condition;
    private final CacheWriterAdapter<K, V> writer;

    /**
     * @param condition whether to remove a present entry; {@code null}: unconditionally
     * @param writer    the writer to tell, {@code null} for none
     */
    RemoveMutation(CacheContext<K, V> context, K key, Predicate<StoreEntry<V>> condition,
                   CacheWriterAdapter<K, V> writer) {
        super(context.events(), key, null);
        this.expiry = context.expiry();
        this.condition = condition;
        this.writer = writer;
    }

    @Override
    protected StoreMutation<V> decide(StoreEntry<V> current) {
        if (condition != null && (current == null || !condition.test(current))) {
            return expiry.access(current);
        }
        if (writer != null && firstWriterCall()) {
            writer.delete(key());
        }
        markRemoved(current != null);
        return current == null ? StoreMutation.keep() : StoreMutation.remove();
    }
}
