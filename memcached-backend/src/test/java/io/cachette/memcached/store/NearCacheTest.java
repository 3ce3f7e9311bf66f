package io.cachette.memcached.store;

import io.cachette.memcached.store.internal.near.NearTier;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.store.ConsistentReads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The near tier against real memcached, with two cache managers on the same servers standing in for two JVMs
 * (different URIs: separate clients, stores, generations and near tiers). A writer updates keys while a reader
 * with a near tier compares every read with the last value acknowledged to the writer before the read began.
 */
class NearCacheTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int KEYS = 1_000;
    private static final int READS = 20_000;
    private static final long MAX_RUN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<CacheManager> managers = new ArrayList<>();

    @AfterEach
    void close() {
        NearTier.skipFeedCheckForTests(false);
        managers.forEach(CacheManager::close);
    }

    /** A cache manager of its own ("another JVM") with the near tier set by {@code query}. */
    private Cache<Integer, Long> cache(String cacheName, boolean reversed, String query) {
        List<String> servers = new ArrayList<>(SERVERS.hostPorts());
        if (reversed) {
            Collections.reverse(servers);
        }
        String uri = "memcached://" + String.join(",", servers) + "?" + query
                + (reversed ? "&connections-per-server=2" : "");
        CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(uri),
                getClass().getClassLoader());
        managers.add(manager);
        Cache<Integer, Long> cache = manager.getCache(cacheName, Integer.class, Long.class);
        return cache != null ? cache : manager.createCache(cacheName,
                new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
    }

    static NearCacheCounters near(Cache<?, ?> cache) {
        return cache.unwrap(MemcachedStore.class).nearCacheCounters();
    }

    /** Outcome of a staleness run. */
    private record Run(long reads, long stale, NearCacheCounters counters) {
    }

    /**
     * One writer thread puts increasing values (about 500 a second, spread over {@link #KEYS} keys) and records each
     * acknowledged value; two reader threads read random keys and count values older than the value acknowledged
     * before their read began ({@code bound}: older than one acknowledged at least that long before).
     */
    private Run staleness(Cache<Integer, Long> writer, Cache<Integer, Long> reader, long boundNanos,
                          long readPauseNanos) throws Exception {
        AtomicLongArray acked = new AtomicLongArray(KEYS);
        AtomicLongArray ackedAt = new AtomicLongArray(KEYS);
        for (int k = 0; k < KEYS; k++) {
            writer.put(k, 0L);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        long deadline = System.nanoTime() + MAX_RUN_NANOS;
        try {
            Future<?> writes = pool.submit(() -> {
                long value = 0;
                while (!done.get()) {
                    int k = ThreadLocalRandom.current().nextInt(KEYS);
                    value++;
                    writer.put(k, value);
                    acked.set(k, value);
                    ackedAt.set(k, System.nanoTime());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    while (reads.incrementAndGet() <= READS && System.nanoTime() < deadline) {
                        int k = ThreadLocalRandom.current().nextInt(KEYS);
                        long required = acked.get(k);
                        if (boundNanos > 0 && System.nanoTime() - ackedAt.get(k) < boundNanos) {
                            required = 0; // acknowledged too recently for the bound to promise anything
                        }
                        Long got = reader.get(k);
                        if (got == null || got < required) {
                            stale.incrementAndGet();
                        }
                        if (readPauseNanos > 0) {
                            LockSupport.parkNanos(readPauseNanos);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> r : readers) {
                r.get(2, TimeUnit.MINUTES);
            }
            done.set(true);
            writes.get(1, TimeUnit.MINUTES);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        Run run = new Run(Math.min(reads.get(), READS), stale.get(), near(reader));
        System.out.println("NearCacheTest run: " + run);
        return run;
    }

    @Test
    void strictReads_whileAnotherManagerWrites_areNeverStale_andHitTheNearTier() throws Exception {
        Cache<Integer, Long> writer = cache("strict", false, "near-cache.max-entries=10000");
        Cache<Integer, Long> reader = cache("strict", true, "near-cache.max-entries=10000");

        Run run = staleness(writer, reader, 0, 0);

        assertEquals(0, run.stale(), "stale reads among " + run.reads() + ": " + run.counters());
        assertTrue(run.counters().hits() > run.reads() / 4, "near hits: " + run);
        assertTrue(run.reads() >= 2_000, "reads in the time bound: " + run);
    }

    @Test
    void strictReads_withTheFeedCheckSkipped_areStale() throws Exception {
        Cache<Integer, Long> writer = cache("skipped", false, "near-cache.max-entries=10000");
        Cache<Integer, Long> reader = cache("skipped", true, "near-cache.max-entries=10000");
        NearTier.skipFeedCheckForTests(true);

        Run run = staleness(writer, reader, 0, 0);

        assertTrue(run.stale() > 0, "the staleness check must be able to fail: " + run);
    }

    @Test
    void boundedReads_whileAnotherManagerWrites_areNeverStalerThanTheBound() throws Exception {
        Cache<Integer, Long> writer = cache("bounded", false, "near-cache.max-entries=10000");
        Cache<Integer, Long> reader = cache("bounded", true,
                "near-cache.max-entries=10000&near-cache.mode=bounded&near-cache.max-staleness-ms=100");

        Run run = staleness(writer, reader, TimeUnit.MILLISECONDS.toNanos(100),
                TimeUnit.MICROSECONDS.toNanos(100));

        assertEquals(0, run.stale(), "reads staler than the bound among " + run.reads() + ": " + run.counters());
        assertTrue(run.counters().hits() > run.reads() / 2, "near hits: " + run);
    }

    @Test
    void ownWrites_areReadBackAtOnce_inBothModes() {
        for (String mode : List.of("strict", "bounded")) {
            Cache<Integer, Long> cache = cache("own-" + mode, false,
                    "near-cache.max-entries=100&near-cache.mode=" + mode + "&near-cache.max-staleness-ms=5000");
            for (long v = 1; v <= 50; v++) {
                cache.put(1, v);
                assertEquals(v, cache.get(1));
                assertEquals(v, cache.get(1));
            }
            cache.remove(1);
            assertEquals(null, cache.get(1));
        }
    }

    /** Fills the reader's near tier with keys 0 to {@code keys - 1}, waiting out the quarantine after its start. */
    static void warm(Cache<Integer, Long> reader, int keys) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (near(reader).fills() < keys && System.nanoTime() < deadline) {
            for (int k = 0; k < keys; k++) {
                reader.get(k);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        long hits = near(reader).hits();
        for (int k = 0; k < keys; k++) {
            reader.get(k);
        }
        assertEquals(hits + keys, near(reader).hits(), "warm near tier: " + near(reader));
    }

    /**
     * Writes {@code value} under keys 0 to {@code keys - 1}, retrying each (bounded, 30 s in all) while the change
     * is refused because the feed's server is not re-admitted yet, until the writer reads its own value back.
     */
    private static void rewriteOnceReadmitted(Cache<Integer, Long> writer, int keys, long value, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int k = 0; k < keys; k++) {
            while (true) {
                try {
                    writer.put(k, value);
                    if (Long.valueOf(value).equals(writer.get(k))) {
                        break;
                    }
                } catch (CacheException e) {
                    // the feed's server is not re-admitted yet: the change is refused, nothing written
                }
                assertTrue(System.nanoTime() < deadline, what);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** The reader sees keys 0 to {@code keys - 1} missing or at {@code current}, never an older value. */
    private static void assertNeverStale(Cache<Integer, Long> reader, int keys, long current, String when) {
        for (int k = 0; k < keys; k++) {
            Long got = reader.get(k);
            assertTrue(got == null || got == current, "key " + k + " " + when + ": " + got + ", " + near(reader));
        }
    }

    @Test
    void flushAll_dropsTheNearTier_andNothingStaleIsRead() throws Exception {
        Cache<Integer, Long> writer = cache("flushed", false, "near-cache.max-entries=1000");
        Cache<Integer, Long> reader = cache("flushed", true, "near-cache.max-entries=1000");
        for (int k = 0; k < 100; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 100);

        SERVERS.flushAll();
        for (int k = 0; k < 100; k++) {
            writer.put(k, 2L);
        }

        // the reader may still use the flushed generation for generation-refresh-ms: a miss, never 1
        assertNeverStale(reader, 100, 2L, "after flush_all");
        assertTrue(near(reader).gaps() >= 1, near(reader).toString());
    }

    @Test
    void headAdvancedWithoutItsRecord_isAGap_andDropsTheNearTier() throws Exception {
        Cache<Integer, Long> writer = cache("orphan", false, "near-cache.max-entries=1000");
        Cache<Integer, Long> reader = cache("orphan", true, "near-cache.max-entries=1000");
        for (int k = 0; k < 20; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 20);
        NearCacheCounters before = near(reader);

        // a writer that died between advancing the head and storing its record (or a record evicted early)
        for (int i = 0; i < SERVERS.count(); i++) {
            SERVERS.command(i, "incr cachette:!feed 1");
        }
        long started = System.nanoTime();
        assertEquals(1L, reader.get(0));

        NearCacheCounters after = near(reader);
        assertEquals(before.gaps() + 1, after.gaps(), after.toString());
        assertEquals(before.fullDrops() + 1, after.fullDrops(), after.toString());
        assertEquals(before.hits(), after.hits(), "nothing served from the dropped tier");
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(90),
                "the reader waited for the record before calling it a gap");
    }

    @Test
    void serversKilledAndRestarted_nearTierIsNotServedMeanwhile_andDroppedAfter() throws Exception {
        Cache<Integer, Long> writer = cache("restarted", false, "near-cache.max-entries=1000");
        Cache<Integer, Long> reader = cache("restarted", true, "near-cache.max-entries=1000");
        for (int k = 0; k < 100; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 100);
        NearCacheCounters before = near(reader);

        for (int i = 0; i < SERVERS.count(); i++) {
            SERVERS.kill(i);
        }
        for (int k = 0; k < 10; k++) {
            assertEquals(null, reader.get(k), "key " + k + " while every server is down");
        }
        assertTrue(near(reader).unservable() > before.unservable(), near(reader).toString());
        assertTrue(near(reader).fullDrops() > before.fullDrops(), near(reader).toString());

        for (int i = 0; i < SERVERS.count(); i++) {
            SERVERS.restart(i);
        }
        rewriteOnceReadmitted(writer, 100, 2L, "servers re-admitted in time");
        assertNeverStale(reader, 100, 2L, "after the restart");
    }

    @Test
    void feedServerPausedPastReadmission_nearTierNotServedMeanwhile_andNothingStaleAfter() throws Exception {
        Cache<Integer, Long> writer = cache("paused", false, "near-cache.max-entries=1000");
        Cache<Integer, Long> reader = cache("paused", true, "near-cache.max-entries=1000");
        for (int k = 0; k < 50; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 50);
        int feedServer = -1;
        for (int i = 0; i < SERVERS.count(); i++) {
            if (SERVERS.command(i, "get cachette:!feed").startsWith("VALUE")) {
                feedServer = i;
            }
        }
        assertTrue(feedServer >= 0, "the feed head is on one of the servers");
        NearCacheCounters before = near(reader);

        SERVERS.pause(feedServer);
        try {
            for (int k = 0; k < 5; k++) {
                Long got = reader.get(k);
                assertTrue(got == null || got == 1L, "key " + k + " while the feed's server is paused: " + got);
            }
            assertEquals(before.hits(), near(reader).hits(), "no near hit while the feed cannot be read");
            assertTrue(near(reader).unservable() >= before.unservable() + 5, near(reader).toString());
            org.junit.jupiter.api.Assertions.assertThrows(CacheException.class, () -> writer.put(0, 2L),
                    "a change that cannot be published is not made");
        } finally {
            SERVERS.resume(feedServer);
        }

        rewriteOnceReadmitted(writer, 50, 2L, "the paused server re-admitted in time");
        assertNeverStale(reader, 50, 2L, "after re-admission");
        assertTrue(near(reader).fullDrops() > before.fullDrops(), near(reader).toString());
    }

    @Test
    void clear_inOneManager_dropsTheOthersNearTier() {
        // generation-refresh-ms=0: without a near tier, another manager sees a clear() within that time too
        Cache<Integer, Long> writer = cache("cleared", false, "near-cache.max-entries=1000&generation-refresh-ms=0");
        Cache<Integer, Long> reader = cache("cleared", true, "near-cache.max-entries=1000&generation-refresh-ms=0");
        for (int k = 0; k < 50; k++) {
            writer.put(k, 1L);
        }
        warm(reader, 50);

        writer.clear();

        for (int k = 0; k < 50; k++) {
            assertEquals(null, reader.get(k), "key " + k + " after clear()");
        }
    }

    @Test
    void atomicOperations_fromTwoManagersWithNearTiers_stayAtomic() throws Exception {
        List<Cache<Integer, Long>> caches = List.of(cache("atomic", false, "near-cache.max-entries=1000"),
                cache("atomic", true, "near-cache.max-entries=1000"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // invoke: increments
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Cache<Integer, Long> cache = caches.get(t % 2);
                tasks.add(() -> {
                    for (int i = 0; i < 100; i++) {
                        cache.get(0); // keeps the near tier in play
                        cache.invoke(0, (entry, args) -> {
                            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                            return null;
                        });
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                f.get();
            }
            assertEquals(400L, caches.get(0).get(0));
            assertEquals(400L, caches.get(1).get(0));

            // putIfAbsent: one winner per key
            for (int key = 1; key <= 20; key++) {
                int k = key;
                AtomicInteger winners = new AtomicInteger();
                tasks.clear();
                for (int t = 0; t < 4; t++) {
                    Cache<Integer, Long> cache = caches.get(t % 2);
                    long id = t;
                    tasks.add(() -> {
                        cache.get(k);
                        if (cache.putIfAbsent(k, id)) {
                            winners.incrementAndGet();
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(tasks, 1, TimeUnit.MINUTES)) {
                    f.get();
                }
                assertEquals(1, winners.get(), "winners of key " + k);
            }

            // getAndPut and replace(old, new): every value written is seen replaced exactly once
            caches.get(0).put(100, 0L);
            Set<Long> replacedSeen = Collections.synchronizedSet(new HashSet<>());
            AtomicInteger duplicates = new AtomicInteger();
            AtomicLong next = new AtomicLong(1);
            tasks.clear();
            for (int t = 0; t < 4; t++) {
                Cache<Integer, Long> cache = caches.get(t % 2);
                boolean useReplace = t >= 2;
                tasks.add(() -> {
                    for (int i = 0; i < 100; i++) {
                        long mine = next.getAndIncrement();
                        long old;
                        if (useReplace) {
                            while (true) {
                                Long seen = cache.get(100);
                                if (seen != null && cache.replace(100, seen, mine)) {
                                    old = seen;
                                    break;
                                }
                            }
                        } else {
                            old = cache.getAndPut(100, mine);
                        }
                        if (!replacedSeen.add(old)) {
                            duplicates.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                f.get();
            }
            assertEquals(0, duplicates.get(), "a value replaced twice: an update was lost");
            replacedSeen.add(caches.get(1).get(100));
            assertEquals(401, replacedSeen.size(), "every value, 0..400, replaced once or final");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void perCacheSettings_turnTheNearTierOnForOneCacheOnly() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("cachette.cache.with-near.near-cache.max-entries", "100");
        CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(SERVERS.uri()),
                getClass().getClassLoader(), properties);
        managers.add(manager);
        Cache<Integer, Long> with = manager.getCache("with-near");
        Cache<Integer, Long> without = manager.createCache("without-near",
                new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
        with.put(1, 1L);
        without.put(1, 1L);

        assertTrue(near(with).published() > 0, near(with).toString());
        assertEquals(NearCacheCounters.NONE, near(without));
    }

    @Test
    void strictReads_insideOneConsistentReadScope_shareOneHeadRead() {
        Cache<Integer, Long> cache = cache("scoped", false, "near-cache.max-entries=1000");
        for (int k = 0; k < 10; k++) {
            cache.put(k, 1L);
        }
        warm(cache, 10);
        ConsistentReads reads = cache.getCacheManager().unwrap(ConsistentReads.class);
        long before = near(cache).headReads();

        ConsistentReads.Scope scope = reads.begin();
        long hitsBefore = near(cache).hits();
        for (int k = 0; k < 10; k++) {
            int key = k;
            assertEquals(1L, scope.call(() -> cache.get(key)));
        }

        assertEquals(before + 1, near(cache).headReads(), "one head read, when the scope began");
        assertEquals(hitsBefore + 10, near(cache).hits(), near(cache).toString());
    }

    @Test
    void consistentReadsTakenBeforeAnyNearTier_serveTheTiersCreatedLater() {
        CacheManager manager = Caching.getCachingProvider().getCacheManager(
                URI.create(SERVERS.uri() + "?near-cache.max-entries=1000&key-prefix=later"), getClass().getClassLoader());
        managers.add(manager);
        ConsistentReads reads = manager.unwrap(ConsistentReads.class);
        Cache<Integer, Long> cache = manager.createCache("later",
                new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
        for (int k = 0; k < 5; k++) {
            cache.put(k, 1L);
        }
        warm(cache, 5);
        long before = near(cache).headReads();

        ConsistentReads.Scope scope = reads.begin();
        for (int k = 0; k < 5; k++) {
            int key = k;
            assertEquals(1L, scope.call(() -> cache.get(key)));
        }

        assertEquals(before + 1, near(cache).headReads(), "one head read for the scope");
    }

    @Test
    void strictReads_outsideAScope_readTheHeadEachTime() {
        Cache<Integer, Long> cache = cache("unscoped", false, "near-cache.max-entries=1000");
        cache.put(0, 1L);
        cache.put(1, 1L);
        warm(cache, 2);
        long before = near(cache).headReads();

        for (int i = 0; i < 5; i++) {
            assertEquals(1L, cache.get(1));
        }

        assertEquals(before + 5, near(cache).headReads());
    }

    @Test
    void storeDefaultsOfAConfiguration_turnTheNearTierOn_unlessTheManagerSaysOtherwise() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("cachette.cache.told-off.near-cache.max-entries", "0");
        CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(SERVERS.uri()),
                getClass().getClassLoader(), properties);
        managers.add(manager);
        Cache<Integer, Long> defaulted = manager.createCache("defaulted", new CachetteConfiguration<Integer, Long>()
                .setStoreDefault("near-cache.max-entries", "100"));
        Cache<Integer, Long> toldOff = manager.createCache("told-off", new CachetteConfiguration<Integer, Long>()
                .setStoreDefault("near-cache.max-entries", "100"));
        defaulted.put(1, 1L);
        toldOff.put(1, 1L);

        assertTrue(near(defaulted).published() > 0, near(defaulted).toString());
        assertEquals(NearCacheCounters.NONE, near(toldOff));
    }

    @Test
    void nearTier_keepsItsEntryBound() {
        Cache<Integer, Long> writer = cache("bounded-size", false, "near-cache.max-entries=50");
        Cache<Integer, Long> reader = cache("bounded-size", true, "near-cache.max-entries=50");
        for (int k = 0; k < 500; k++) {
            writer.put(k, (long) k);
        }
        reader.get(0); // the first read starts following the feed: no fills for a quarantine after it
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 500; k++) {
                assertEquals(k, reader.get(k));
            }
        }
        long entries = reader.unwrap(MemcachedStore.class).nearCacheEntries();
        assertTrue(entries > 0 && entries <= 50, "near entries: " + entries);
        assertTrue(near(reader).fills() >= 500, near(reader).toString());
    }
}
