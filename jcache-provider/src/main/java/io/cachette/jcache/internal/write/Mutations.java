package io.cachette.jcache.internal.write;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
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

    private final Store<K, V> store;
    private final ExpiryDecision expiry;
    private final ByValue byValue;
    private final CacheEvents<K, V> events;
    private final CacheWriterAdapter<K, V> writer;

    /** @param writer the cache's writer, {@code null} without write-through */
    public Mutations(Store<K, V> store, ExpiryDecision expiry, ByValue byValue, CacheEvents<K, V> events,
                     CacheWriterAdapter<K, V> writer) {
        this.store = store;
        this.expiry = expiry;
        this.byValue = byValue;
        this.events = events;
        this.writer = writer;
    }

    /**
     * Writes {@code value} if {@code condition} holds for the current entry ({@code null}: always), telling the
     * writer first; a rejected write counts as an access when {@code rejectionIsAccess}.
     */
    MutationOutcome<K, V> write(K key, V value, Predicate<StoreEntry<V>> condition, boolean rejectionIsAccess) {
        K storedKey = byValue.copyIn(key);
        V stored = byValue.copyIn(value);
        return compute(storedKey, new WriteMutation<>(events, expiry, key, value, stored, condition,
                rejectionIsAccess, writer));
    }

    /** Writes {@code stored} ({@code value} already copied in) without telling the writer: it was told. */
    MutationOutcome<K, V> writeWritten(K key, V value, V stored) {
        return compute(byValue.copyIn(key), new WriteMutation<>(events, expiry, key, value, stored, null, false,
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
        K storedKey = byValue.copyIn(key);
        V stored = byValue.copyIn(loaded);
        return compute(storedKey, new WriteMutation<>(events, expiry, key, loaded, stored,
                replaceExisting ? null : absent(), false, null));
    }

    /**
     * Removes the entry of {@code key} if {@code condition} holds for it ({@code null}: unconditionally, and the
     * writer is told even when there is no entry).
     */
    MutationOutcome<K, V> remove(K key, Predicate<StoreEntry<V>> condition) {
        return compute(key, new RemoveMutation<>(events, expiry, key, condition, writer));
    }

    /** Removes the entry of {@code key} without telling the writer: it was told. */
    MutationOutcome<K, V> removeDeleted(K key) {
        return compute(key, new RemoveMutation<>(events, expiry, key, null, null));
    }

    private MutationOutcome<K, V> compute(K storedKey, MutationOutcome<K, V> mutation) {
        store.compute(storedKey, mutation);
        return mutation;
    }
}
