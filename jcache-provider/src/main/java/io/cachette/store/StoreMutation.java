package io.cachette.store;

import java.util.Objects;

/**
 * What {@link Store#compute} does to one entry: keep it, remove it, or write a value (or a new expiry time).
 *
 * @param <V> value type
 */
public final class StoreMutation<V> {

    /** Decides the mutation from the current live entry ({@code null} when absent). */
    @FunctionalInterface
    public interface Function<V> {
        StoreMutation<V> apply(StoreEntry<V> current);
    }

    /** The kind of change. */
    public enum Kind { KEEP, REMOVE, WRITE }

    private static final StoreMutation<?> KEEP = new StoreMutation<>(Kind.KEEP, null, 0L);
    private static final StoreMutation<?> REMOVE = new StoreMutation<>(Kind.REMOVE, null, 0L);

    private final Kind kind;
    private final V value;
    private final long expiresAtMillis;

    private StoreMutation(Kind kind, V value, long expiresAtMillis) {
        this.kind = kind;
        this.value = value;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** Leaves the entry (or its absence) as it is. */
    @SuppressWarnings("unchecked")
    public static <V> StoreMutation<V> keep() {
        return (StoreMutation<V>) KEEP;
    }

    /** Removes the entry if there is one. */
    @SuppressWarnings("unchecked")
    public static <V> StoreMutation<V> remove() {
        return (StoreMutation<V>) REMOVE;
    }

    /** Writes {@code value} with the given expiry time. An expiry time in the past removes the entry. */
    public static <V> StoreMutation<V> write(V value, long expiresAtMillis) {
        return new StoreMutation<>(Kind.WRITE, Objects.requireNonNull(value, "value"), expiresAtMillis);
    }

    public Kind kind() {
        return kind;
    }

    /** The value to write; {@code null} unless {@link Kind#WRITE}. */
    public V value() {
        return value;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }
}
