package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.testing.LocalCacheManagers;
import io.cachette.testing.TestClock;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.internal.DefaultCacheKeysFactory;
import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


/**
 * The read-write protocol step by step, with two accesses ("JVM a" and "JVM b") sharing one cache and one
 * timestamp sequence, and transactions whose start timestamps the test chooses.
 */
class AtomicReadWriteAccessTest {

    private static final long TIMEOUT = 1_000_000;
    private static final Comparator<Object> VERSIONS = (x, y) -> Integer.compare((Integer) x, (Integer) y);

    private final CacheManager manager = LocalCacheManagers.fresh("rw");
    private final Cache<Object, Object> cache = manager.createCache("books", new MutableConfiguration<>());
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RegionFactory regionFactory = proxy(RegionFactory.class, (method, args) -> switch (method) {
        case "nextTimestamp" -> clock.addAndGet(10);
        case "getTimeout" -> TIMEOUT;
        default -> null;
    });
    private final DomainDataRegion region = proxy(DomainDataRegion.class, (method, args) -> switch (method) {
        case "getRegionFactory" -> regionFactory;
        case "getName" -> "books";
        default -> null;
    });
    private final FailureLog failures = new FailureLog(new RecordingLogger(), new TestClock(), Duration.ofMinutes(1));
    private final AtomicEntityAccess a = access();
    private final AtomicEntityAccess b = access();

    @AfterEach
    void close() {
        manager.close();
    }

    private AtomicEntityAccess access() {
        EntityDataCachingConfig config = proxy(EntityDataCachingConfig.class, (method, args) ->
                method.equals("getVersionComparatorAccess") ? (Supplier<Comparator<Object>>) () -> VERSIONS : null);
        return new AtomicEntityAccess(region, DefaultCacheKeysFactory.INSTANCE, new RegionCache(cache, failures),
                config, AccessType.READ_WRITE);
    }

    /** A transaction that begins now. */
    private SharedSessionContractImplementor begin() {
        return begunAt(clock.addAndGet(10));
    }

    /**
     * A transaction with the given start timestamp; on a shared cache transactions that begin with no change in
     * between share one (see {@link CacheTimestamper#transactionStart()}).
     */
    private static SharedSessionContractImplementor begunAt(long start) {
        CacheTransactionSynchronization sync = proxy(CacheTransactionSynchronization.class,
                (method, args) -> method.equals("getCachingTimestamp") ? start : null);
        return proxy(SharedSessionContractImplementor.class,
                (method, args) -> method.equals("getCacheTransactionSynchronization") ? sync : null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.apply(method.getName(), args));
    }

    @Test
    void loadedValue_isReadByLaterTransactionsOfAnyJvm() {
        assertTrue(a.putFromLoad(begin(), "k", "v1", 1));

        assertEquals("v1", b.get(begin(), "k"));
    }

    @Test
    void loadedValue_isReadByTransactionsThatBeganAtTheSameTimestamp() {
        long start = clock.addAndGet(10);
        assertTrue(a.putFromLoad(begunAt(start), "k", "v1", 1));

        assertEquals("v1", b.get(begunAt(start), "k"));
    }

    @Test
    void loadedValue_isNotReadByTransactionsThatBeganEarlier() {
        long start = clock.addAndGet(10);
        assertTrue(a.putFromLoad(begunAt(start), "k", "v1", 1));

        assertNull(b.get(begunAt(start - 1), "k"));
    }

    @Test
    void lockedEntry_isNotReadAndNotRefilled() {
        a.putFromLoad(begin(), "k", "v1", 1);
        SharedSessionContractImplementor writer = begin();
        a.lockItem(writer, "k", 1);

        SharedSessionContractImplementor reader = begin();
        assertNull(b.get(reader, "k"));
        assertFalse(b.putFromLoad(reader, "k", "v1", 1), "a load must not replace a held soft lock");
    }

    @Test
    void completion_replacesTheLockWithTheNewValue() {
        a.putFromLoad(begin(), "k", "v1", 1);
        SharedSessionContractImplementor writer = begin();
        SoftLock lock = a.lockItem(writer, "k", 1);

        assertTrue(a.afterUpdate(writer, "k", "v2", 2, 1, lock));

        assertEquals("v2", b.get(begin(), "k"));
    }

    @Test
    void loadThatReadTheOldRowBeforeTheChange_cannotCacheItAfterTheChange() {
        SharedSessionContractImplementor slowReader = begin(); // reads v1 from the database, then stalls
        SharedSessionContractImplementor writer = begin();
        SoftLock lock = b.lockItem(writer, "k", 1);
        b.afterUpdate(writer, "k", "v2", 2, 1, lock);

        assertFalse(a.putFromLoad(slowReader, "k", "v1", 1));
        assertEquals("v2", a.get(begin(), "k"));
    }

    @Test
    void rolledBackChange_leavesNothingReadableUntilALaterLoad() {
        a.putFromLoad(begin(), "k", "v1", 1);
        SharedSessionContractImplementor earlyReader = begin();
        SharedSessionContractImplementor writer = begin();
        SoftLock lock = a.lockItem(writer, "k", 1);

        a.unlockItem(writer, "k", lock);

        assertNull(b.get(begin(), "k"));
        assertFalse(b.putFromLoad(earlyReader, "k", "v1", 1), "began before the release");
        assertTrue(b.putFromLoad(begin(), "k", "v1", 1), "began after the release");
    }

    @Test
    void twoWritersOnOneEntry_neitherCachesItsValue() {
        a.putFromLoad(begin(), "k", "v1", 1);
        SharedSessionContractImplementor first = begin();
        SharedSessionContractImplementor second = begin();
        SoftLock firstLock = a.lockItem(first, "k", 1);
        SoftLock secondLock = b.lockItem(second, "k", 1);

        assertFalse(a.afterUpdate(first, "k", "v2", 2, 1, firstLock));
        assertNull(b.get(begin(), "k"), "still held by the second writer");
        assertFalse(b.afterUpdate(second, "k", "v3", 3, 1, secondLock));

        assertNull(a.get(begin(), "k"), "the last value is not known: the next load fills it");
        assertTrue(a.putFromLoad(begin(), "k", "v3", 3));
    }

    /**
     * The race behind "read version 14 after version 15 was committed" in SharedCacheTest: a load that read an
     * intermediate version while two writers held the lock in turn must not cache it once both have released
     * the lock, even though it is newer than the version the lock was taken over.
     */
    @Test
    void loadOfAVersionCommittedWhileTheLockWasShared_cannotCacheItAfterTheLastRelease() {
        a.putFromLoad(begin(), "k", "v13", 13);
        SharedSessionContractImplementor first = begin();
        SoftLock firstLock = a.lockItem(first, "k", 13);
        // first commits v14 in the database; before its completion runs:
        SharedSessionContractImplementor slowReader = begin(); // reads v14 from the database, then stalls
        SharedSessionContractImplementor second = begin(); // reads v14 too, and changes it
        SoftLock secondLock = b.lockItem(second, "k", 14);
        // second commits v15 in the database
        assertFalse(b.afterUpdate(second, "k", "v15", 15, 14, secondLock));
        assertFalse(a.afterUpdate(first, "k", "v14", 14, 13, firstLock));

        assertFalse(a.putFromLoad(slowReader, "k", "v14", 14), "v15 was committed after this load began");
        assertNull(b.get(begin(), "k"));
        assertTrue(b.putFromLoad(begin(), "k", "v15", 15), "a load that began after the release fills it");
        assertEquals("v15", a.get(begin(), "k"));
    }

    /**
     * A holder can leave through {@code unlockItem} although its change committed (Hibernate does so when the
     * session's cache mode does not put, or the persister requires invalidation): the lock cannot know the
     * committed version, so only the release time decides.
     */
    @Test
    void loadThatBeganBeforeAReleaseAfterACommit_cannotCacheEvenANewerVersionThanTheLockedOne() {
        a.putFromLoad(begin(), "k", "v1", 1);
        SharedSessionContractImplementor first = begin();
        SoftLock firstLock = a.lockItem(first, "k", 1);
        SharedSessionContractImplementor second = begin();
        SoftLock secondLock = b.lockItem(second, "k", 2);
        // first commits v2, the slow reader reads it, second commits v3; both leave without caching a value
        SharedSessionContractImplementor slowReader = begin();
        a.unlockItem(first, "k", firstLock);
        b.unlockItem(second, "k", secondLock);

        assertFalse(b.putFromLoad(slowReader, "k", "v2", 2));
        assertNull(a.get(begin(), "k"));
    }

    @Test
    void completionThatFindsItsLockGone_leavesAReleasedLock() {
        SharedSessionContractImplementor writer = begin();
        SoftLock lock = a.lockItem(writer, "k", 1);
        cache.put("k", new CachedItem("stale", 1, 0, new Stamp.Source().next())); // e.g. a forced overwrite

        assertFalse(a.afterUpdate(writer, "k", "v2", 2, 1, lock));

        assertInstanceOf(CachedLock.class, cache.get("k"));
        assertNull(b.get(begin(), "k"));
    }

    @Test
    void completionThatFindsAnotherWritersLiveLock_leavesItAlone() {
        SharedSessionContractImplementor writer = begin();
        SoftLock lock = a.lockItem(writer, "k", 1);
        cache.remove("k");
        SoftLock other = b.lockItem(begin(), "k", 1);

        a.unlockItem(writer, "k", lock);

        CachedLock current = (CachedLock) cache.get("k");
        assertTrue(current.isHeldBy(other));
        assertTrue(current.isHeld());
    }

    @Test
    void insert_isCachedAfterCommitOnly() {
        SharedSessionContractImplementor inserter = begin();
        assertFalse(a.insert(inserter, "k", "v1", 1));
        assertNull(cache.get("k"));

        assertTrue(a.afterInsert(inserter, "k", "v1", 1));

        assertEquals("v1", b.get(begin(), "k"));
    }

    /** A row deleted behind Hibernate's back (bulk SQL, another application) and inserted again. */
    @Test
    void insert_overAnItemWrittenBeforeItsTransactionBegan_replacesIt() {
        a.putFromLoad(begin(), "k", "deleted row", 3);
        SharedSessionContractImplementor inserter = begin();

        assertTrue(b.afterInsert(inserter, "k", "new row", 0));

        assertEquals("new row", a.get(begin(), "k"));
    }

    /** Whatever was cached since the insert began may be about the new row, changed after its commit. */
    @Test
    void insert_overAnItemWrittenSinceItsTransactionBegan_leavesIt() {
        SharedSessionContractImplementor inserter = begin();
        SharedSessionContractImplementor updater = begin();
        SoftLock lock = a.lockItem(updater, "k", 0);
        a.afterUpdate(updater, "k", "updated new row", 1, 0, lock);

        assertFalse(b.afterInsert(inserter, "k", "new row", 0));

        assertEquals("updated new row", a.get(begin(), "k"));
    }

    @Test
    void insert_overAHeldSoftLock_leavesIt() {
        a.putFromLoad(begin(), "k", "deleted row", 3);
        a.lockItem(begin(), "k", 3);

        assertFalse(b.afterInsert(begin(), "k", "new row", 0));

        assertInstanceOf(CachedLock.class, cache.get("k"));
    }

    @Test
    void insert_overALockReleasedSinceItsTransactionBegan_leavesIt() {
        SharedSessionContractImplementor inserter = begin();
        SharedSessionContractImplementor writer = begin();
        a.unlockItem(writer, "k", a.lockItem(writer, "k", 0));

        assertFalse(b.afterInsert(inserter, "k", "new row", 0));

        assertInstanceOf(CachedLock.class, cache.get("k"));
    }

    @Test
    void insert_overALockReleasedBeforeItsTransactionBegan_replacesIt() {
        SharedSessionContractImplementor deleter = begin();
        a.unlockItem(deleter, "k", a.lockItem(deleter, "k", 3));
        SharedSessionContractImplementor inserter = begin();

        assertTrue(b.afterInsert(inserter, "k", "new row", 0));

        assertEquals("new row", a.get(begin(), "k"));
    }

    @Test
    void remove_keepsASoftLockButDropsAValue() {
        a.putFromLoad(begin(), "k", "v1", 1);
        a.remove(begin(), "k");
        assertNull(cache.get("k"));

        a.lockItem(begin(), "k", 1);
        a.remove(begin(), "k");
        assertInstanceOf(CachedLock.class, cache.get("k"));
    }

    @Test
    void newerVersion_replacesAnOlderCachedOne() {
        a.putFromLoad(begin(), "k", "v1", 1);

        assertFalse(b.putFromLoad(begin(), "k", "v1 again", 1));
        assertTrue(b.putFromLoad(begin(), "k", "v2", 2));
        assertEquals("v2", a.get(begin(), "k"));
    }
}
