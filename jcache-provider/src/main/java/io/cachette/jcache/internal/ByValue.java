package io.cachette.jcache.internal;

import io.cachette.jcache.copy.Copier;

/**
 * Store-by-value for one cache: copies keys and values into the store and values out of it through the
 * configured {@link Copier}, or hands them through when the cache stores by reference (or the store copies by
 * itself). One instance per cache, so the read path pays one field read and no allocation.
 */
public final class ByValue {

    private final Copier copier;
    private final ClassLoader classLoader;

    /** @param copier the cache's copier; {@code null} when this layer does not copy */
    public ByValue(Copier copier, ClassLoader classLoader) {
        this.copier = copier;
        this.classLoader = classLoader;
    }

    /** What to store for {@code object} (a key or a value the caller handed over). */
    public <T> T copyIn(T object) {
        return copier == null ? object : copier.copy(object, classLoader);
    }

    /** What to hand the caller for a stored value. */
    public <T> T copyOut(T value) {
        return copier == null ? value : copier.copy(value, classLoader);
    }
}
