package io.cachette.jcache.copy;

/**
 * Makes the copies of store-by-value: a cache copies each key and value it stores and each value it hands
 * out, so that callers and the cache never share a mutable object. Pluggable through
 * {@link io.cachette.jcache.configuration.CachetteConfiguration#setCopierFactory}.
 */
@FunctionalInterface
public interface Copier {

    /**
     * A copy of {@code object} that shares no mutable state with it (immutable objects may be returned
     * as they are).
     *
     * @param object      never {@code null}
     * @param classLoader the cache manager's class loader, to resolve classes of the copy
     * @throws javax.cache.CacheException when the object cannot be copied; the message names its type
     */
    <T> T copy(T object, ClassLoader classLoader);
}
