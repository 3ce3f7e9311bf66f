package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;

import java.util.function.Predicate;

/**
 * The atomic single-entry writes and removals of one cache, each run through {@link Store#compute}; they return
 * their {@link MutationOutcome} for statistics and events. Keys and values are copied in before the store is
 * touched, so a copy failure changes nothing.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Mutations<K, V> {

    private static final Predicate<StoreEntry<?>> ABSENT = current -> current == null;
    private static final Predicate<StoreEntry<?>> PRESENT = current -> current != null;

    private final CacheContext<K, V> context;

    public Mutations(CacheContext<K, V> context) {
        this.context = context;
    }

    /**
     * Writes {@code value} if {@code condition} holds for the current entry ({@code null}: always), telling the
     * writer first; a rejected write counts as an access when {@code rejectionIsAccess}.
     */
    MutationOutcome<K, V> write(K key, V value, Predicate<StoreEntry<V>> condition, boolean rejectionIsAccess) {
        K storedKey = context.byValue().copyIn(key);
        V stored = context.byValue().copyIn(value);
        return compute(storedKey, new WriteMutation<>(context, key, value, stored, condition, rejectionIsAccess,
                context.writer()));
    }

    /** Writes {@code stored} ({@code value} already copied in) without telling the writer: it was told. */
    MutationOutcome<K, V> writeWritten(K key, V value, V stored) {
        return compute(context.byValue().copyIn(key), new WriteMutation<>(context, key, value, stored, null, false,
                null));
    }

    /** The condition of a write that creates the entry only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <V> Predicate<StoreEntry<V>> absent() {
        return (Predicate) ABSENT;
    }

    /** The condition of a write that replaces the entry only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <V> Predicate<StoreEntry<V>> present() {
        return (Predicate) PRESENT;
    }

    /** Stores a loaded value (no writer call): creates the entry, or replaces it when asked to. */
    public MutationOutcome<K, V> writeLoaded(K key, V loaded, boolean replaceExisting) {
        K storedKey = context.byValue().copyIn(key);
        V stored = context.byValue().copyIn(loaded);
        return compute(storedKey, new WriteMutation<>(context, key, loaded, stored,
                replaceExisting ? null : absent(), false, null));
    }

    /**
     * Removes the entry of {@code key} if {@code condition} holds for it ({@code null}: unconditionally, and the
     * writer is told even when there is no entry).
     */
    MutationOutcome<K, V> remove(K key, Predicate<StoreEntry<V>> condition) {
        return compute(key, new RemoveMutation<>(context, key, condition, context.writer()));
    }

    /** Removes the entry of {@code key} without telling the writer: it was told. */
    MutationOutcome<K, V> removeDeleted(K key) {
        return compute(key, new RemoveMutation<>(context, key, null, null));
    }

    private MutationOutcome<K, V> compute(K storedKey, MutationOutcome<K, V> mutation) {
        context.store().compute(storedKey, mutation);
        return mutation;
    }
}
