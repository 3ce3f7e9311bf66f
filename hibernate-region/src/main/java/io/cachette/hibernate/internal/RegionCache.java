package io.cachette.hibernate.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import javax.cache.Cache;

import org.hibernate.cache.spi.entry.ReferenceCacheEntryImpl;
import org.hibernate.cache.spi.entry.StandardCacheEntryImpl;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.spi.TypeConfiguration;

import io.cachette.store.ConsistentReads;
import io.cachette.store.Store;

/**
 * The JCache cache behind one Hibernate region, with failures contained.
 *
 * <p>Two faces. As a {@link DomainDataStorageAccess} (used by Hibernate's read-only and nonstrict-read-write
 * strategies and by the query-results region) every failure of the cache — a {@link javax.cache.CacheException}
 * or any other {@link RuntimeException} — is logged through the {@link FailureLog} and turned into a miss or a
 * skipped write, so Hibernate keeps working against the database. The {@code *OrThrow} methods offer the
 * atomic JCache operations the read-write strategies build on ({@code putIfAbsent}, {@code replace(k, old, new)},
 * {@code remove(k, old)}); they log the same way but throw {@link CacheUnavailableException} so a
 * compare-and-set loop stops instead of retrying.
 *
 * <p>A store that absorbs failures by itself — memcached answers a down server with a miss or a dropped write —
 * reports them through {@link AbsorbedFailures}; they go to the same {@link FailureLog}.
 *
 * <p>An invalidation that fails (a remove, a clear, a soft lock that could not be placed) is remembered and done
 * before the next operation that reaches the cache, so a value that was current before an outage is not served
 * after it by this JVM.
 *
 * <p>Atomicity is the cache's: on the local store these operations are atomic within the JVM, on a shared
 * store (memcached) the store implements them with compare-and-swap, so nothing here holds a JVM-local lock.
 */
public final class RegionCache implements DomainDataStorageAccess {

    private final Cache<Object, Object> cache;
    private final String name;
    private final FailureLog failures;
    private final Set<Object> staleKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean clearLater;
    /**
     * Whether {@link #clearLater} or {@link #staleKeys} may hold work: one volatile read on the hot path instead of
     * asking the concurrent set whether it is empty (which sums its counter cells).
     */
    private volatile boolean invalidationsPending;
    private final LongSupplier absorbedFailures;
    private final boolean copiesValues;
    private final AtomicLong reportedFailures = new AtomicLong();

    /** Beyond this many keys to invalidate after an outage, the region is cleared instead. */
    static final int MAX_STALE_KEYS = 10_000;

    public RegionCache(Cache<Object, Object> cache, FailureLog failures) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.name = cache.getName();
        this.failures = Objects.requireNonNull(failures, "failures");
        this.absorbedFailures = AbsorbedFailures.of(cache);
        this.copiesValues = copiesValues(cache);
        if (absorbedFailures != null) {
            reportedFailures.set(absorbedFailures.getAsLong());
        }
    }

    /** The qualified region name, which is also the cache's name. */
    public String name() {
        return name;
    }

    /**
     * Whether the cache is a Cachette cache whose store other JVMs share (memcached); {@code false} for a local
     * store and for another provider's cache.
     */
    public boolean isSharedAcrossJvms() {
        try {
            return cache.unwrap(Store.class).capabilities().sharedAcrossJvms();
        } catch (IllegalArgumentException notCachette) {
            return false;
        }
    }

    /**
     * Whether the cache is a Cachette cache whose store copies values (serializes them: memcached), so that an
     * object read is never the object written; {@code false} for a local store and for another provider's cache.
     */
    public boolean copiesValues() {
        return copiesValues;
    }

    private static boolean copiesValues(Cache<Object, Object> cache) {
        try {
            return cache.unwrap(Store.class).capabilities().copiesValues();
        } catch (IllegalArgumentException notCachette) {
            return false;
        }
    }

    /**
     * {@code value} in the form this cache can keep. A Hibernate reference entry (the entity instance itself, with
     * {@code hibernate.cache.use_reference_entries}) cannot cross a store that copies values — it holds the
     * persister, which does not serialize, and a copy would not be the reference anyway — so there it becomes the
     * standard entry Hibernate would have made without reference entries: the entity's disassembled state, which
     * Hibernate reads back as it reads any standard entry.
     */
    Object storable(Object value, SharedSessionContractImplementor session) {
        if (copiesValues && value instanceof ReferenceCacheEntryImpl reference) {
            Object entity = reference.getReference();
            EntityPersister persister = reference.getSubclassPersister();
            return new StandardCacheEntryImpl(persister.getValues(entity), persister, persister.getVersion(entity),
                    session, entity);
        }
        return value;
    }

    /**
     * Whether the cache is a Cachette cache on a store that lives in this JVM alone (the local store);
     * {@code false} for a shared store and for another provider's cache, which may be distributed.
     */
    public boolean isJvmLocal() {
        try {
            return !cache.unwrap(Store.class).capabilities().sharedAcrossJvms();
        } catch (IllegalArgumentException notCachette) {
            return false;
        }
    }

    /**
     * Has the values read from a store that serializes them (memcached) come back with Hibernate's type
     * descriptors resolved to the live instances of {@code types} (see {@link TypeDescriptorResolver}); nothing
     * to do on a store that keeps objects, or on another provider's cache. A CacheManager shared by
     * SessionFactories resolves against the one that built the region last.
     */
    public void resolveTypesWith(TypeConfiguration types) {
        Store<?, ?> store;
        try {
            store = cache.unwrap(Store.class);
        } catch (IllegalArgumentException notCachette) {
            return;
        }
        if (store.capabilities().copiesValues()) {
            store.resolveValuesWith(new TypeDescriptorResolver(types));
        }
    }

    // ---- atomic operations for the read-write strategies: failures throw CacheUnavailableException

    Object getOrThrow(Object key) {
        return call("get", () -> cache.get(key));
    }

    boolean putIfAbsentOrThrow(Object key, Object value) {
        return call("putIfAbsent", () -> cache.putIfAbsent(key, value));
    }

    boolean replaceOrThrow(Object key, Object expected, Object value) {
        return call("replace", () -> cache.replace(key, expected, value));
    }

    boolean removeOrThrow(Object key, Object expected) {
        return call("remove", () -> cache.remove(key, expected));
    }

    void putOrThrow(Object key, Object value) {
        call("put", () -> {
            cache.put(key, value);
            return null;
        });
    }

    private <T> T call(String operation, Supplier<T> op) {
        T result;
        try {
            if (invalidationsPending) {
                invalidateStale();
            }
            result = op.get();
        } catch (RuntimeException e) {
            failures.failed(name, operation, e);
            throw new CacheUnavailableException(e);
        }
        succeeded(operation);
        return result;
    }

    /**
     * Reports an operation that did not throw: as a failure if the store absorbed failures since the last
     * report (a memcached store answers a down server with a miss or a dropped write), else as a success.
     */
    private void succeeded(String operation) {
        if (absorbedFailures != null) {
            long absorbed = absorbedFailures.getAsLong();
            long reported = reportedFailures.get();
            if (absorbed != reported) {
                if (reportedFailures.compareAndSet(reported, absorbed)) {
                    failures.failed(name, operation, new javax.cache.CacheException((absorbed - reported)
                            + " operation(s) of the store failed (server down or not answering) and were answered"
                            + " as misses / dropped writes"));
                }
                return;
            }
        }
        failures.succeeded(name);
    }

    /**
     * Remembers that {@code key} must be invalidated because a write meant to invalidate or replace it failed:
     * done before the next operation that reaches the cache, so an entry that was current before the outage is
     * not served after it. Past {@value #MAX_STALE_KEYS} keys the whole region is cleared instead.
     */
    void invalidateLater(Object key) {
        staleKeys.add(key);
        if (staleKeys.size() > MAX_STALE_KEYS) {
            clearLater = true;
            staleKeys.clear();
        }
        invalidationsPending = true;
    }

    /** Remembers that the whole region must be cleared once the cache answers again. */
    private void clearLater() {
        clearLater = true;
        invalidationsPending = true;
    }

    /**
     * Does the remembered invalidations. The pending flag is lowered first: whatever is remembered after that
     * raises it again, and whatever was remembered before is seen here.
     */
    private void invalidateStale() {
        invalidationsPending = false;
        try {
            if (clearLater) {
                clearLater = false;
                staleKeys.clear();
                try {
                    cache.clear();
                } catch (RuntimeException e) {
                    clearLater = true;
                    throw e;
                }
                return;
            }
            for (Object key : staleKeys) {
                cache.remove(key);
                staleKeys.remove(key);
            }
        } catch (RuntimeException e) {
            invalidationsPending = true;
            throw e;
        }
    }

    // ---- failure-safe operations

    /** {@code cache.get}, or {@code null} when the cache fails. The hot path: no lambda, no wrapping. */
    Object get(Object key) {
        if (invalidationsPending) {
            try {
                return getOrThrow(key);
            } catch (CacheUnavailableException e) {
                return null;
            }
        }
        Object value;
        try {
            value = cache.get(key);
        } catch (RuntimeException e) {
            failures.failed(name, "get", e);
            return null;
        }
        succeeded("get");
        return value;
    }

    /**
     * {@link #get(Object)} for {@code session}: inside its transaction's near-tier freshness check (see
     * {@link CachetteTransactionSynchronization}), so a near entry costs no round trip. Not for the reads of a
     * compare-and-set loop, which must see changes made after the transaction began.
     */
    Object get(Object key, SharedSessionContractImplementor session) {
        ConsistentReads.Scope scope = CachetteTransactionSynchronization.scopeOf(session);
        return scope == null ? get(key) : scope.call(() -> get(key));
    }

    /** {@link #getOrThrow(Object)} inside {@code session}'s freshness check, as {@link #get(Object, SharedSessionContractImplementor)}. */
    Object getOrThrow(Object key, SharedSessionContractImplementor session) {
        ConsistentReads.Scope scope = CachetteTransactionSynchronization.scopeOf(session);
        return scope == null ? getOrThrow(key) : scope.call(() -> getOrThrow(key));
    }

    /** {@code cache.put}, skipped when the cache fails. */
    void put(Object key, Object value) {
        try {
            putOrThrow(key, value);
        } catch (CacheUnavailableException e) {
            // already logged; the write is skipped
        }
    }

    /** {@code cache.remove(key)}; when the cache fails, done once it answers again. */
    void remove(Object key) {
        try {
            call("remove", () -> cache.remove(key));
        } catch (CacheUnavailableException e) {
            invalidateLater(key);
        }
    }

    /**
     * {@code cache.clear()}: drops every entry without listeners or writers; when the cache fails, done once it
     * answers again.
     */
    void clear() {
        try {
            call("clear", () -> {
                cache.clear();
                return null;
            });
        } catch (CacheUnavailableException e) {
            clearLater();
        }
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        return get(key, session);
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        put(key, storable(value, session));
    }

    @Override
    public void removeFromCache(Object key, SharedSessionContractImplementor session) {
        remove(key);
    }

    @Override
    public void clearCache(SharedSessionContractImplementor session) {
        clear();
    }

    @Override
    public boolean contains(Object key) {
        try {
            return call("containsKey", () -> cache.containsKey(key));
        } catch (CacheUnavailableException e) {
            return false;
        }
    }

    @Override
    public void evictData() {
        clear();
    }

    @Override
    public void evictData(Object key) {
        remove(key);
    }

    /** The cache belongs to the region factory's CacheManager, which closes it; nothing to release per region. */
    @Override
    public void release() {
        // intentionally empty: see Javadoc
    }
}
