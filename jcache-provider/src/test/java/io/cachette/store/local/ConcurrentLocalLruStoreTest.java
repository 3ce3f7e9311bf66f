package io.cachette.store.local;

import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;
import io.cachette.testing.TestClock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.cachette.store.local.LocalLruStoreProbe.linkedCount;
import static io.cachette.store.local.LocalLruStoreProbe.mappedWeightUnderEvictionLock;
import static io.cachette.store.local.LocalLruStoreProbe.mappingCount;
import static io.cachette.store.local.LocalLruStoreProbe.mappingCountUnderEvictionLock;
import static io.cachette.store.local.LocalLruStoreProbe.weightedSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local store under several threads (bounded loops): the bounds are exceeded by at most the documented
 * slack (the write buffer plus one entry per writing thread), and no entry that should be present goes
 * missing.
 */
class ConcurrentLocalLruStoreTest {

    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 5_000;
    private static final long ETERNAL = StoreEntry.ETERNAL;
    /** The documented slack: the write buffer's capacity plus one entry per writing thread. */
    private static final int SLACK_ENTRIES = LocalLruStore.WRITE_BUFFER_CAPACITY + THREADS;
    private static final int MAX_SAMPLES = 5_000;
    private static final long SAMPLE_PAUSE_NANOS = 20_000;

    private final TestClock clock = new TestClock(0L);
    private final RecordingListener listener = new RecordingListener();

    private <K, V> LocalLruStore<K, V> store(long maxEntries, long maxBytes) {
        StoreContext context = new StoreContext("concurrent", Map.of(), getClass().getClassLoader(), clock,
                listener, maxEntries, maxBytes);
        return new LocalLruStore<>(context, 8, s -> { });
    }

    /** Runs {@code tasks} together from one start signal; returns their results; fails on any exception. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void entryBound_isNeverExceededByMoreThanTheDocumentedSlack() throws Exception {
        int bound = 100;
        LocalLruStore<Integer, Integer> store = store(bound, StoreContext.UNBOUNDED);
        List<Callable<Long>> tasks = new ArrayList<>();
        CountDownLatch writersDone = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            tasks.add(() -> {
                try {
                    mixedWorkload(store, new SplittableRandom(seed), 1_000);
                } finally {
                    writersDone.countDown();
                }
                return 0L;
            });
        }
        tasks.add(() -> { // the sampler
            long worst = 0;
            for (int i = 0; i < MAX_SAMPLES && writersDone.getCount() > 0; i++) {
                worst = Math.max(worst, mappingCountUnderEvictionLock(store));
                LockSupport.parkNanos(SAMPLE_PAUSE_NANOS); // leave the lock to the writers between samples
            }
            return worst;
        });
        List<Long> results = runTogether(tasks);
        long worst = results.get(THREADS);
        assertTrue(worst <= bound + SLACK_ENTRIES, "the map held " + worst + " entries, bound " + bound
                + " + slack " + SLACK_ENTRIES);
        assertTrue(mappingCount(store) <= bound, "after the writers: " + mappingCount(store));
        assertEquals(mappingCount(store), linkedCount(store));
        assertTrue(!listener.evicted.isEmpty(), "the workload was meant to evict");
    }

    @Test
    void byteBound_isNeverExceededByMoreThanTheDocumentedSlack() throws Exception {
        long largest = SizeEstimator.entry(Integer.MAX_VALUE, new byte[200]);
        long maxBytes = 50 * largest;
        LocalLruStore<Integer, byte[]> store = store(StoreContext.UNBOUNDED, maxBytes);
        CountDownLatch writersDone = new CountDownLatch(THREADS);
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            tasks.add(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int op = 0; op < OPS_PER_THREAD; op++) {
                        int key = random.nextInt(1_000);
                        if (random.nextBoolean()) {
                            store.put(key, new byte[random.nextInt(201)], ETERNAL);
                        } else {
                            store.get(key);
                        }
                    }
                } finally {
                    writersDone.countDown();
                }
                return 0L;
            });
        }
        tasks.add(() -> {
            long worst = 0;
            for (int i = 0; i < MAX_SAMPLES && writersDone.getCount() > 0; i++) {
                worst = Math.max(worst, mappedWeightUnderEvictionLock(store));
                LockSupport.parkNanos(SAMPLE_PAUSE_NANOS);
            }
            return worst;
        });
        List<Long> results = runTogether(tasks);
        long worst = results.get(THREADS);
        assertTrue(worst <= maxBytes + SLACK_ENTRIES * largest, "the map held " + worst + " bytes, bound "
                + maxBytes + " + slack " + SLACK_ENTRIES * largest);
        assertTrue(weightedSize(store) <= maxBytes);
        assertEquals(weightedSize(store), mappedWeightUnderEvictionLock(store));
        assertEquals(mappingCount(store), linkedCount(store));
    }

    @Test
    void withRoomForAll_noEntryIsLost_underConcurrentWritesReadsComputesAndSweeps() throws Exception {
        int keysPerThread = 200;
        LocalLruStore<Integer, Integer> store = store((long) THREADS * keysPerThread, StoreContext.UNBOUNDED);
        List<Callable<Map<Integer, Integer>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int base = t * keysPerThread;
            int seed = t;
            tasks.add(() -> ownKeysWorkload(store, new SplittableRandom(seed), base, keysPerThread));
        }
        tasks.add(() -> { // a concurrent sweeper must never drop a live entry
            for (int i = 0; i < 500; i++) {
                store.sweep(64);
            }
            return Map.of();
        });
        Map<Integer, Integer> expected = new HashMap<>();
        runTogether(tasks).forEach(expected::putAll);

        assertTrue(listener.evicted.isEmpty(), "evicted " + listener.evicted.size());
        assertTrue(listener.expired.isEmpty());
        assertEquals(expected.size(), mappingCount(store));
        assertEquals(expected.size(), linkedCount(store));
        for (Map.Entry<Integer, Integer> e : expected.entrySet()) {
            StoreEntry<Integer> entry = store.get(e.getKey());
            assertEquals(e.getValue(), entry == null ? null : entry.value(), "key " + e.getKey());
        }
    }

    @Test
    void underEvictionPressure_everyLastWrittenValueIsPresentOrReportedEvicted() throws Exception {
        int keysPerThread = 100;
        int bound = 60;
        LocalLruStore<Integer, Integer> store = store(bound, StoreContext.UNBOUNDED);
        List<Callable<Map<Integer, Integer>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int base = t * keysPerThread;
            int seed = 100 + t;
            tasks.add(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                Map<Integer, Integer> last = new HashMap<>();
                for (int op = 0; op < OPS_PER_THREAD; op++) {
                    int key = base + random.nextInt(keysPerThread);
                    if (random.nextInt(3) == 0) {
                        store.put(key, op, ETERNAL);
                        last.put(key, op);
                    } else {
                        store.get(key);
                    }
                }
                return last;
            });
        }
        Map<Integer, Integer> last = new HashMap<>();
        runTogether(tasks).forEach(last::putAll);

        Set<Map.Entry<Object, Object>> evicted = new HashSet<>(listener.evicted);
        for (Map.Entry<Integer, Integer> e : last.entrySet()) {
            StoreEntry<Integer> entry = store.get(e.getKey());
            boolean present = entry != null && entry.value().equals(e.getValue());
            assertTrue(present || evicted.contains(Map.entry(e.getKey(), e.getValue())),
                    "key " + e.getKey() + " lost its last value " + e.getValue());
        }
        assertTrue(mappingCount(store) <= bound);
        assertEquals(mappingCount(store), linkedCount(store));
    }

    @Test
    void whileTimeMoves_noExpiredEntryIsReturned_andNoDroppedEntryIsReportedTwice() throws Exception {
        LocalLruStore<Integer, Long> store = store(200, StoreContext.UNBOUNDED);
        AtomicLong values = new AtomicLong();
        CountDownLatch workersDone = new CountDownLatch(THREADS - 1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS - 1; t++) {
            int seed = 200 + t;
            tasks.add(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int op = 0; op < OPS_PER_THREAD; op++) {
                        int key = random.nextInt(300);
                        long before = clock.millis();
                        switch (random.nextInt(4)) {
                            case 0 -> store.put(key, values.incrementAndGet(), before + 1 + random.nextInt(20));
                            case 1 -> store.compute(key, current -> current == null
                                    ? StoreMutation.write(values.incrementAndGet(), before + 1 + random.nextInt(20))
                                    : StoreMutation.keep());
                            default -> {
                                StoreEntry<Long> entry = store.get(key);
                                if (entry != null && entry.expiresAtMillis() <= before) {
                                    throw new AssertionError("returned an entry expired at "
                                            + entry.expiresAtMillis() + ", now was at least " + before);
                                }
                            }
                        }
                    }
                } finally {
                    workersDone.countDown();
                }
                return null;
            });
        }
        tasks.add(() -> { // time moves on, and the sweeper runs, while the workers work
            for (int i = 0; i < 5_000 && workersDone.getCount() > 0; i++) {
                clock.advance(1);
                store.sweep(32);
                Thread.yield();
            }
            return null;
        });
        runTogether(tasks);

        clock.advance(1_000);
        for (int pass = 0; pass < 3; pass++) { // at most 300 keys: each pass covers the whole map
            store.sweep(1_000);
        }
        assertEquals(0, mappingCount(store));
        assertEquals(0, linkedCount(store));
        List<Object> reported = new ArrayList<>();
        listener.expired.forEach(e -> reported.add(e.getValue()));
        listener.evicted.forEach(e -> reported.add(e.getValue()));
        assertEquals(reported.size(), new HashSet<>(reported).size(), "a dropped entry was reported twice");
        assertTrue(!listener.expired.isEmpty());
    }

    /** Puts, gets, computes and removes over a shared key range; returns nothing of interest. */
    private static void mixedWorkload(LocalLruStore<Integer, Integer> store, SplittableRandom random, int keys) {
        for (int op = 0; op < OPS_PER_THREAD; op++) {
            int key = random.nextInt(keys);
            switch (random.nextInt(6)) {
                case 0, 1 -> store.put(key, op, ETERNAL);
                case 2, 3 -> store.get(key);
                case 4 -> {
                    int value = op;
                    store.compute(key, current -> current == null ? StoreMutation.write(value, ETERNAL)
                            : StoreMutation.keep());
                }
                default -> store.remove(key);
            }
        }
    }

    /** A workload on keys no other thread touches, so that the thread knows what must be present. */
    private static Map<Integer, Integer> ownKeysWorkload(LocalLruStore<Integer, Integer> store,
                                                         SplittableRandom random, int base, int keys) {
        Map<Integer, Integer> model = new HashMap<>();
        for (int op = 0; op < OPS_PER_THREAD; op++) {
            int key = base + random.nextInt(keys);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    store.put(key, op, ETERNAL);
                    model.put(key, op);
                }
                case 2, 3 -> {
                    StoreEntry<Integer> entry = store.get(key);
                    Integer expected = model.get(key);
                    if (expected == null ? entry != null : entry == null || !expected.equals(entry.value())) {
                        throw new AssertionError("key " + key + ": expected " + expected + ", got " + entry);
                    }
                }
                case 4 -> {
                    int value = op;
                    store.compute(key, current -> StoreMutation.write(
                            current == null ? value : current.value() + 1, ETERNAL));
                    model.merge(key, value, (old, v) -> old + 1);
                }
                default -> {
                    boolean removed = store.remove(key);
                    if (removed != (model.remove(key) != null)) {
                        throw new AssertionError("remove " + key + " returned " + removed);
                    }
                }
            }
        }
        return model;
    }
}
