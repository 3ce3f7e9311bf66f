package io.cachette.hibernate.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Storage of the update-timestamps region (table space → last change), in which a missing entry reads as
 * "changed at the floor" instead of "never changed".
 *
 * <p>Why: Hibernate treats a missing timestamp as "no change since startup" and serves dependent cached query
 * results as fresh. An entry can go missing while query results survive — the region was cleared, or (on a
 * shared backend) the node that held it restarted — and then stale results would be served. The floor is a
 * timestamp stored in the region itself under a key no table space can have: set when the region is first
 * used, and set again, to the current time, whenever it is found missing. A query result is fresh only if it was
 * cached after the floor, so a cleared region makes every earlier result stale, never fresh.
 *
 * <p>With {@link MissingTimestampPolicy#NOW} a missing entry is instead re-created as "changed now", for stores
 * that can lose single entries while the floor survives.
 *
 * <p>If the cache fails, reads answer {@link Long#MAX_VALUE}: every dependent query result is stale and Hibernate
 * runs the query against the database. A timestamp write that failed is remembered and re-done with a fresh
 * timestamp once the cache answers again, so results cached before the lost write do not come back as fresh.
 */
public final class TimestampsStorage implements StorageAccess {

    /** Not a table space: table names cannot contain NUL. */
    static final String FLOOR_KEY = "\u0000cachette.timestamps.floor";

    private final RegionCache cache;
    private final Timestamper timestamper;
    private final MissingTimestampPolicy missingPolicy;
    private final Set<Object> lostWrites = ConcurrentHashMap.newKeySet();

    public TimestampsStorage(RegionCache cache, Timestamper timestamper, MissingTimestampPolicy missingPolicy) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.timestamper = Objects.requireNonNull(timestamper, "timestamper");
        this.missingPolicy = Objects.requireNonNull(missingPolicy, "missingPolicy");
        try {
            floor();
        } catch (CacheUnavailableException e) {
            // logged; the floor is set on first use once the cache answers
        }
    }

    private long floor() {
        Object floor = cache.getOrThrow(FLOOR_KEY);
        if (floor instanceof Long value) {
            return value;
        }
        long candidate = timestamper.next();
        if (cache.putIfAbsentOrThrow(FLOOR_KEY, candidate)) {
            return candidate;
        }
        Object winner = cache.getOrThrow(FLOOR_KEY);
        return winner instanceof Long value ? value : candidate;
    }

    private long changedNow(Object space) {
        long now = timestamper.next();
        if (cache.putIfAbsentOrThrow(space, now)) {
            return now;
        }
        Object winner = cache.getOrThrow(space);
        return winner instanceof Long value ? value : now;
    }

    @Override
    public Object getFromCache(Object key, SharedSessionContractImplementor session) {
        try {
            if (!lostWrites.isEmpty()) {
                redoLostWrites();
            }
            Object value = cache.getOrThrow(key, session);
            if (value != null) {
                return value;
            }
            return switch (missingPolicy) {
                case FLOOR -> floor();
                case NOW -> changedNow(key);
            };
        } catch (CacheUnavailableException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
        try {
            cache.putOrThrow(key, value);
        } catch (CacheUnavailableException e) {
            lostWrites.add(key);
        }
    }

    private void redoLostWrites() {
        for (Object space : lostWrites) {
            cache.putOrThrow(space, timestamper.next());
            lostWrites.remove(space);
        }
    }

    @Override
    public boolean contains(Object key) {
        return cache.contains(key);
    }

    /**
     * Clearing drops the floor too, so it is re-set to the current time on the next read; a timestamp counter
     * kept in the same cache (shared stores) survives (see {@link Timestamper#preserveAcross}).
     */
    @Override
    public void evictData() {
        timestamper.preserveAcross(cache::clear);
    }

    @Override
    public void evictData(Object key) {
        cache.remove(key);
    }

    @Override
    public void release() {
        cache.release();
    }
}
