package io.cachette.jcache.internal.event;

import io.cachette.store.Store;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.List;
import javax.cache.event.EventType;

/**
 * One atomic operation on one entry, as the function {@link Store#compute} runs: a subclass {@link #decide}s the
 * mutation from the current entry; this class captures what the operation found and did (the old entry, whether
 * it applied, wrote, removed or expired the entry) and builds the entry event that follows, which asynchronous
 * listeners get from inside the mutation (see {@link CacheEvents}). Read the outcome once {@code compute}
 * returned. A remote store may run the mutation again after a conflict: each run starts from a clean outcome.
 *
 * @param <K> key type
 * @param <V> value type
 */
public abstract class MutationOutcome<K, V> implements StoreMutation.Function<V> {

    private final CacheEvents<K, V> events;
    private final K key;
    /** The value a {@code CREATED} or {@code UPDATED} event carries. */
    private V value;
    private StoreEntry<V> old;
    private boolean applied;
    private boolean written;
    private boolean removed;
    private boolean expired;
    /** Survives a new run: the writer was already told in an earlier run of the mutation. */
    private boolean writerCalled;
    private CachetteEntryEvent<K, V> event;

    /**
     * @param key   the caller's key, for the writer and the event
     * @param value the caller's value, for the writer and the event ({@code null} for removals)
     */
    protected MutationOutcome(CacheEvents<K, V> events, K key, V value) {
        this.events = events;
        this.key = key;
        this.value = value;
    }

    @Override
    public final StoreMutation<V> apply(StoreEntry<V> current) {
        old = current;
        applied = false;
        written = false;
        removed = false;
        expired = false;
        event = null;
        return emit(decide(current));
    }

    /** The mutation of this operation, given the current entry ({@code null} when absent). */
    protected abstract StoreMutation<V> decide(StoreEntry<V> current);

    protected final K key() {
        return key;
    }

    protected final V value() {
        return value;
    }

    /** Sets the value the event carries, for an operation that learns it only while it runs. */
    protected final void setValue(V value) {
        this.value = value;
    }

    /** {@code true} the first time only: whether to tell the writer now (a rerun of the mutation must not). */
    protected final boolean firstWriterCall() {
        if (writerCalled) {
            return false;
        }
        writerCalled = true;
        return true;
    }

    protected final void markApplied() {
        applied = true;
    }

    public final void markWritten() {
        written = true;
    }

    protected final void markRemoved(boolean removed) {
        this.removed = removed;
    }

    /** The entry was there and the policy expired it by this write: an {@code EXPIRED} event. */
    public final void markExpired() {
        expired = true;
    }

    /** The entry found, {@code null} when there was none. */
    public final StoreEntry<V> oldEntry() {
        return old;
    }

    /** Whether the operation's condition held (conditional writes). */
    public final boolean isApplied() {
        return applied;
    }

    public final boolean isWritten() {
        return written;
    }

    public final boolean isRemoved() {
        return removed;
    }

    /** Builds the event of the decided change and hands it to the asynchronous listeners. */
    private StoreMutation<V> emit(StoreMutation<V> mutation) {
        if (!events.hasListeners()) {
            return mutation;
        }
        V oldValue = old == null ? null : old.value();
        if (written) {
            event = events.event(old == null ? EventType.CREATED : EventType.UPDATED, key, value, oldValue);
        } else if (removed) {
            event = events.event(EventType.REMOVED, key, oldValue, oldValue);
        } else if (expired) {
            event = events.event(EventType.EXPIRED, key, oldValue, oldValue);
        }
        if (event != null) {
            events.publishInsideMutation(event);
        }
        return mutation;
    }

    /** Adds the event of this operation, if any, to the batch of a multi-key operation. */
    public final void addTo(EventBatch<K, V> batch) {
        if (event != null) {
            batch.add(event);
        }
    }

    /** Publishes the event of this single-entry operation, if any, once the store changed. */
    public final void publish() {
        if (event != null) {
            events.publish(List.of(event));
        }
    }
}
