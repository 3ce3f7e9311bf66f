package io.cachette.store;

/**
 * Replaces objects while a store deserializes a value, as {@link java.io.ObjectInputStream#resolveObject} does:
 * each object of the value's graph is handed over once it has been read, and what comes back takes its place
 * wherever the graph refers to it. It lets a caller map objects that its framework expects to be unique in the JVM
 * (registered type descriptors, compared by identity) to the live instances. Set on a store through
 * {@link Store#resolveValuesWith}.
 *
 * <p>Runs on the reading thread for every object read: it must be fast, thread-safe and free of side effects,
 * return its argument for an object it does not know, and return an object assignable wherever the argument is
 * referred to.
 */
@FunctionalInterface
public interface ValueResolver {

    /** The object to use in place of {@code deserialized} (never {@code null}), or {@code deserialized} itself. */
    Object resolve(Object deserialized);
}
