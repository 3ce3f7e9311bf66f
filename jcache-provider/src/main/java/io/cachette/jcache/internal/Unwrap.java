package io.cachette.jcache.internal;

/**
 * {@code unwrap} of an entry that wraps nothing (iterator and writer entries, events, mutable entries): the entry
 * itself when it is of the asked class, else the spec's {@link IllegalArgumentException}.
 */
public final class Unwrap {

    private Unwrap() {
    }

    /**
     * @param what the entry's kind for the message, e.g. {@code "a cache entry"}
     */
    public static <T> T self(Object entry, Class<T> clazz, String what) {
        if (clazz.isInstance(entry)) {
            return clazz.cast(entry);
        }
        throw new IllegalArgumentException("Cannot unwrap " + what + " to " + clazz);
    }
}
