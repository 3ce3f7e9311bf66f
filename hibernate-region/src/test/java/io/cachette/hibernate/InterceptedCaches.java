package io.cachette.hibernate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * A CacheManager in front of a real one that records which methods each cache is called with, and whose caches
 * can be switched to fail: while {@link #fail(boolean) failing}, every data operation of every cache throws
 * {@link CacheException}, as a cache whose servers are all down does. Test fixture for degradation and for
 * checking which cache operations a strategy uses.
 */
final class InterceptedCaches {

    /** Cache methods that keep working while failing: identity and lifecycle, not data. */
    private static final Set<String> ALWAYS_WORK = Set.of("getName", "getConfiguration", "getCacheManager",
            "isClosed", "close", "unwrap", "equals", "hashCode", "toString");

    private final CacheManager real;
    private final CacheManager proxy;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean failing;

    private final Map<String, Set<String>> calls = new ConcurrentHashMap<>();

    InterceptedCaches(CacheManager real) {
        this.real = real;
        this.proxy = (CacheManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CacheManager.class}, this::onManager);
    }

    CacheManager manager() {
        return proxy;
    }

    void fail(boolean failing) {
        this.failing = failing;
    }

    /** The methods cache {@code cacheName} was called with, as {@code name/parameter count}. */
    Set<String> calls(String cacheName) {
        return calls.getOrDefault(cacheName, Set.of());
    }

    void forgetCalls() {
        calls.clear();
    }

    /** How many cache operations failed. */
    int failures() {
        return failures.get();
    }

    private Object onManager(Object self, Method method, Object[] args) throws Throwable {
        Object result = invoke(real, method, args);
        if (result instanceof Cache<?, ?> cache) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Cache.class},
                    failingCache(cache));
        }
        return result;
    }

    private InvocationHandler failingCache(Cache<?, ?> cache) {
        return (self, method, args) -> {
            calls.computeIfAbsent(cache.getName(), name -> ConcurrentHashMap.newKeySet())
                    .add(method.getName() + "/" + method.getParameterCount());
            if (failing && !ALWAYS_WORK.contains(method.getName())) {
                failures.incrementAndGet();
                throw new CacheException("injected failure: cache " + cache.getName() + " is down");
            }
            return invoke(cache, method, args);
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
