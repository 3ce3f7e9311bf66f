package io.cachette.hibernate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * A CacheManager whose caches can be switched to fail: while {@link #fail(boolean) failing}, every data
 * operation of every cache throws {@link CacheException}, as a cache whose servers are all down does; otherwise
 * everything goes to the real manager. Test fixture for degradation.
 */
final class FailingCaches {

    /** Cache methods that keep working while failing: identity and lifecycle, not data. */
    private static final Set<String> ALWAYS_WORK = Set.of("getName", "getConfiguration", "getCacheManager",
            "isClosed", "close", "unwrap", "equals", "hashCode", "toString");

    private final CacheManager real;
    private final CacheManager proxy;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean failing;

    FailingCaches(CacheManager real) {
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
