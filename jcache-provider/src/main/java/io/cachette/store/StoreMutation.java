package io.cachette.store;

import java.util.Objects;

/**
 * What {@link Store#compute} does to one entry: keep it, remove it, or write a value (or a new expiry time).
 * Made by {@link #keep()}, {@link #remove()} and {@link #write}.
 *
 * @param kind the kind of change
 * @param value the value to write; {@code null} unless {@link Kind#WRITE}
 * @param expiresAtMillis the expiry time of a written value; meaningless unless {@link Kind#WRITE}
 * @param <V> value type
 */
public record StoreMutation<V>(Kind kind, V value, long expiresAtMillis) {

    /** Decides the mutation from the current live entry ({@code null} when absent). */
    @FunctionalInterface
    public interface Function<V> {
        StoreMutation<V> apply(StoreEntry<V> current);
    }

    /** The kind of change. */
    public enum Kind { KEEP, REMOVE, WRITE }

    private static final StoreMutation<?> KEEP = new StoreMutation<>(Kind.KEEP, null, 0L);
    private static final StoreMutation<?> REMOVE = new StoreMutation<>(Kind.REMOVE, null, 0L);

    /** @throws IllegalArgumentException unless a value comes with {@link Kind#WRITE}, and only with it */
    public StoreMutation {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.WRITE) != (value != null)) {
            throw new IllegalArgumentException(kind + " with value " + value);
        }
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
}
