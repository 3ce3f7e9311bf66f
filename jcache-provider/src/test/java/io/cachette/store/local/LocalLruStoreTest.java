package io.cachette.store.local;

import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import io.cachette.store.StoreMutation;
import io.cachette.testing.TestClock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cachette.store.local.LocalLruStoreProbe.linkedCount;
import static io.cachette.store.local.LocalLruStoreProbe.mappingCount;
import static io.cachette.store.local.LocalLruStoreProbe.weightedSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-threaded behaviour of the local LRU store: bounds, LRU order, compute, expiry. */
class LocalLruStoreTest {

    private static final long ETERNAL = StoreEntry.ETERNAL;
    private static final long UNBOUNDED = StoreContext.UNBOUNDED;

    private final TestClock clock = new TestClock(1_000_000L);
    private final RecordingListener listener = new RecordingListener();

    private <K, V> LocalLruStore<K, V> store(long maxEntries, long maxBytes) {
        return store(maxEntries, maxBytes, listener);
    }

    private <K, V> LocalLruStore<K, V> store(long maxEntries, long maxBytes, StoreListener l) {
        StoreContext context = new StoreContext("test", Map.of(), getClass().getClassLoader(), clock, l,
                maxEntries, maxBytes);
        return new LocalLruStore<>(context, 4, s -> { });
    }

    private static List<Object> keysOf(LocalLruStore<?, ?> store) {
        List<Object> keys = new ArrayList<>();
        store.keys().forEachRemaining(keys::add);
        keys.sort(null);
        return keys;
    }

    // ---- basics

    @Test
    void get_absentKey_returnsNull() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        assertNull(store.get("a"));
    }

    @Test
    void put_thenGet_returnsValueAndExpiry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", clock.millis() + 500);
        StoreEntry<String> entry = store.get("a");
        assertEquals("1", entry.value());
        assertEquals(clock.millis() + 500, entry.expiresAtMillis());
    }

    @Test
    void get_unchangedEntry_returnsSameInstance_andChangedEntry_aNewOne() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        StoreEntry<String> first = store.get("a");
        assertSame(first, store.get("a"));
        store.put("a", "1", ETERNAL);
        assertNotSame(first, store.get("a"));
    }

    @Test
    void put_nullKeyOrValue_throwsNullPointerException() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        assertThrows(NullPointerException.class, () -> store.put(null, "1", ETERNAL));
        assertThrows(NullPointerException.class, () -> store.put("a", null, ETERNAL));
    }

    @Test
    void remove_liveEntry_returnsTrueAndRemovesIt() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        assertTrue(store.remove("a"));
        assertNull(store.get("a"));
        assertFalse(store.remove("a"));
    }

    @Test
    void getAll_leavesOutAbsentAndExpiredKeys() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        store.put("b", "2", clock.millis() + 10);
        clock.advance(10);
        Map<String, StoreEntry<String>> all = store.getAll(List.of("a", "b", "c"));
        assertEquals(List.of("a"), List.copyOf(all.keySet()));
        assertEquals("1", all.get("a").value());
    }

    @Test
    void clear_removesEverything_withoutTellingTheListener() {
        LocalLruStore<Integer, String> store = store(10, UNBOUNDED);
        for (int i = 0; i < 5; i++) {
            store.put(i, "v" + i, ETERNAL);
        }
        store.clear();
        assertEquals(0, mappingCount(store));
        assertEquals(0, linkedCount(store));
        assertFalse(store.keys().hasNext());
        assertTrue(listener.evicted.isEmpty());
        assertTrue(listener.expired.isEmpty());
        store.put(1, "again", ETERNAL);
        assertEquals("again", store.get(1).value());
    }

    @Test
    void keys_returnsLiveKeysOnly() {
        LocalLruStore<Integer, String> store = store(UNBOUNDED, UNBOUNDED);
        store.put(1, "a", ETERNAL);
        store.put(2, "b", clock.millis() + 5);
        store.put(3, "c", ETERNAL);
        clock.advance(5);
        assertEquals(List.of(1, 3), keysOf(store));
    }

    @Test
    void keys_iteratorRemove_isNotSupported() {
        LocalLruStore<Integer, String> store = store(UNBOUNDED, UNBOUNDED);
        store.put(1, "a", ETERNAL);
        Iterator<Integer> keys = store.keys();
        keys.next();
        assertThrows(UnsupportedOperationException.class, keys::remove);
    }

    @Test
    void unboundedStore_keepsEveryEntry() {
        LocalLruStore<Integer, Integer> store = store(UNBOUNDED, UNBOUNDED);
        for (int i = 0; i < 10_000; i++) {
            store.put(i, i, ETERNAL);
        }
        assertEquals(10_000, mappingCount(store));
        assertTrue(listener.evicted.isEmpty());
    }

    @Test
    void negativeBound_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> store(-1, UNBOUNDED));
        assertThrows(IllegalArgumentException.class, () -> store(UNBOUNDED, -5));
    }

    // ---- LRU and bounds

    @Test
    void put_overEntryBound_evictsLeastRecentlyWritten() {
        LocalLruStore<Integer, String> store = store(3, UNBOUNDED);
        for (int i = 1; i <= 5; i++) {
            store.put(i, "v" + i, ETERNAL);
        }
        assertEquals(List.of(3, 4, 5), keysOf(store));
        assertEquals(List.of(Map.entry(1, "v1"), Map.entry(2, "v2")), listener.evicted);
    }

    @Test
    void get_refreshesRecency_soTheEntryReadIsEvictedLast() {
        LocalLruStore<Integer, String> store = store(3, UNBOUNDED);
        store.put(1, "a", ETERNAL);
        store.put(2, "b", ETERNAL);
        store.put(3, "c", ETERNAL);
        store.get(1);
        store.put(4, "d", ETERNAL);
        assertEquals(List.of(2), listener.evictedKeys());
        store.put(5, "e", ETERNAL);
        assertEquals(List.of(2, 3), listener.evictedKeys());
        assertEquals(List.of(1, 4, 5), keysOf(store));
    }

    @Test
    void put_ofExistingKey_refreshesRecency() {
        LocalLruStore<Integer, String> store = store(2, UNBOUNDED);
        store.put(1, "a", ETERNAL);
        store.put(2, "b", ETERNAL);
        store.put(1, "a2", ETERNAL);
        store.put(3, "c", ETERNAL);
        assertEquals(List.of(2), listener.evictedKeys());
        assertEquals("a2", store.get(1).value());
    }

    @Test
    void manyReadsBetweenWrites_keepExactLruOrder() {
        // more reads than one read-buffer ring holds, so the "ring full" path replays them too
        LocalLruStore<Integer, Integer> store = store(100, UNBOUNDED);
        for (int i = 0; i < 100; i++) {
            store.put(i, i, ETERNAL);
        }
        for (int i = 99; i >= 0; i--) { // read in reverse: 0 becomes the most recently used
            store.get(i);
        }
        for (int i = 100; i < 150; i++) {
            store.put(i, i, ETERNAL);
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 99; i >= 50; i--) {
            expected.add(i);
        }
        assertEquals(expected, listener.evictedKeys());
    }

    @Test
    void largeStore_readOutsideTheRecentWindow_makesTheEntryTheMostRecentlyUsed() {
        int bound = 2 * LocalLruStore.EXACT_BELOW;
        LocalLruStore<Integer, Integer> store = store(bound, UNBOUNDED);
        for (int i = 0; i < bound; i++) {
            store.put(i, i, ETERNAL);
        }
        store.get(0); // the least recently used entry, far from the recent end: the read is recorded
        for (int i = bound; i < 2 * bound - 1; i++) {
            store.put(i, i, ETERNAL);
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i < bound; i++) {
            expected.add(i);
        }
        assertEquals(expected, listener.evictedKeys());
        assertNotNull(store.get(0));
    }

    @Test
    void largeStore_readInsideTheRecentWindow_leavesTheEntryWhereItIs() {
        int bound = 2 * LocalLruStore.EXACT_BELOW;
        int window = bound >>> LocalLruStore.RECENT_SHIFT;
        LocalLruStore<Integer, Integer> store = store(bound, UNBOUNDED);
        for (int i = 0; i < bound; i++) {
            store.put(i, i, ETERNAL);
        }
        int recent = bound - window / 2; // among the window most recently used entries
        store.get(recent); // not recorded: the entry keeps its place, which the class Javadoc allows
        for (int i = bound; i < bound + recent + 1; i++) {
            store.put(i, i, ETERNAL);
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i <= recent; i++) {
            expected.add(i);
        }
        assertEquals(expected, listener.evictedKeys());
        assertTrue(recent >= bound - window, "evicted after fewer than bound - window other writes");
    }

    @Test
    void randomSingleThreadedWorkload_matchesAnLruModel() {
        int bound = 50;
        LocalLruStore<Integer, Integer> store = store(bound, UNBOUNDED);
        LinkedHashMap<Integer, Integer> model = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
                return size() > bound;
            }
        };
        Random random = new Random(42);
        for (int op = 0; op < 20_000; op++) {
            int key = random.nextInt(120);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    StoreEntry<Integer> entry = store.get(key);
                    Integer expected = model.get(key);
                    assertEquals(expected, entry == null ? null : entry.value(), "get " + key + " at op " + op);
                }
                case 2 -> {
                    store.put(key, op, ETERNAL);
                    model.put(key, op);
                }
                case 3 -> { // compute: bump a present value (a write), leave an absent key absent
                    store.compute(key, current -> current == null ? StoreMutation.keep()
                            : StoreMutation.write(current.value() + 1, ETERNAL));
                    model.computeIfPresent(key, (k, v) -> v + 1);
                }
                case 4 -> { // compute KEEP on a present key is an access
                    store.compute(key, current -> StoreMutation.keep());
                    model.get(key);
                }
                default -> assertEquals(model.remove(key) != null, store.remove(key),
                        "remove " + key + " at op " + op);
            }
        }
        assertEquals(model.size(), mappingCount(store));
        assertEquals(model.size(), linkedCount(store));
        for (Map.Entry<Integer, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), store.get(e.getKey()).value());
        }
    }

    @Test
    void put_overByteBound_evictsLeastRecentlyUsedUntilUnderTheBound() {
        long entryBytes = SizeEstimator.entry(0, new byte[100]);
        LocalLruStore<Integer, byte[]> store = store(UNBOUNDED, 3 * entryBytes);
        for (int i = 0; i < 3; i++) {
            store.put(i, new byte[100], ETERNAL);
        }
        assertTrue(listener.evicted.isEmpty());
        assertEquals(3 * entryBytes, weightedSize(store));
        store.get(0);
        store.put(3, new byte[100], ETERNAL);
        assertEquals(List.of(1), listener.evictedKeys());
        store.put(4, new byte[250], ETERNAL); // worth more than two small entries
        assertEquals(List.of(1, 2, 0), listener.evictedKeys());
        assertTrue(weightedSize(store) <= 3 * entryBytes);
        assertEquals(List.of(3, 4), keysOf(store));
    }

    @Test
    void put_entryHeavierThanByteBound_isEvictedAtOnce() {
        LocalLruStore<String, String> store = store(UNBOUNDED, 200);
        store.put("small", "x", ETERNAL);
        store.put("huge", "y".repeat(1_000), ETERNAL);
        assertNull(store.get("huge"));
        assertEquals(List.of("small", "huge"), listener.evictedKeys());
        assertEquals(0, weightedSize(store));
    }

    @Test
    void bothBounds_eachApplies() {
        long entryBytes = SizeEstimator.entry(0, new byte[100]);
        LocalLruStore<Integer, byte[]> store = store(3, 10 * entryBytes);
        for (int i = 0; i < 5; i++) {
            store.put(i, new byte[100], ETERNAL);
        }
        assertEquals(List.of(0, 1), listener.evictedKeys()); // the entry bound bites first
        store.put(5, new byte[1_800], ETERNAL); // worth about 8 small entries: 2 of them must go
        assertEquals(List.of(0, 1, 2, 3), listener.evictedKeys()); // now the byte bound bites
        assertTrue(weightedSize(store) <= 10 * entryBytes);
    }

    @Test
    void maxEntriesZero_keepsNothing() {
        LocalLruStore<String, String> store = store(0, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        assertNull(store.get("a"));
        assertEquals(List.of("a"), listener.evictedKeys());
    }

    // ---- compute

    @Test
    void compute_keepOnAbsentKey_storesNothing() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        StoreMutation<String> applied = store.compute("a", current -> {
            assertNull(current);
            return StoreMutation.keep();
        });
        assertEquals(StoreMutation.Kind.KEEP, applied.kind());
        assertNull(store.get("a"));
        assertEquals(0, mappingCount(store));
    }

    @Test
    void compute_keepOnLiveEntry_leavesTheSameInstance() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        StoreEntry<String> before = store.get("a");
        store.compute("a", current -> {
            assertSame(before, current);
            return StoreMutation.keep();
        });
        assertSame(before, store.get("a"));
    }

    @Test
    void compute_keep_countsAsAnAccess() {
        LocalLruStore<Integer, String> store = store(2, UNBOUNDED);
        store.put(1, "a", ETERNAL);
        store.put(2, "b", ETERNAL);
        store.compute(1, current -> StoreMutation.keep());
        store.put(3, "c", ETERNAL);
        assertEquals(List.of(2), listener.evictedKeys());
    }

    @Test
    void compute_remove_removesTheEntry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        StoreMutation<String> applied = store.compute("a", current -> StoreMutation.remove());
        assertEquals(StoreMutation.Kind.REMOVE, applied.kind());
        assertNull(store.get("a"));
        assertEquals(0, linkedCount(store));
    }

    @Test
    void compute_write_storesANewEntryInstance() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        StoreEntry<String> before = store.get("a");
        StoreMutation<String> applied = store.compute("a",
                current -> StoreMutation.write(current.value() + "2", clock.millis() + 100));
        assertEquals(StoreMutation.Kind.WRITE, applied.kind());
        StoreEntry<String> after = store.get("a");
        assertNotSame(before, after);
        assertEquals("12", after.value());
        assertEquals(clock.millis() + 100, after.expiresAtMillis());
    }

    @Test
    void compute_writeWithPastExpiry_removesTheEntry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        store.compute("a", current -> StoreMutation.write("2", clock.millis()));
        assertNull(store.get("a"));
        assertEquals(0, mappingCount(store));
        assertEquals(0, linkedCount(store));
        assertTrue(listener.expired.isEmpty()); // the live entry was overwritten, not expired
    }

    @Test
    void compute_runsTheMutationExactlyOnce() {
        LocalLruStore<String, Integer> store = store(10, UNBOUNDED);
        AtomicInteger calls = new AtomicInteger();
        store.compute("a", current -> {
            calls.incrementAndGet();
            return StoreMutation.write(1, ETERNAL);
        });
        assertEquals(1, calls.get());
    }

    @Test
    void compute_overExpiredEntry_seesAbsentAndReportsTheExpiry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "old", clock.millis() + 10);
        clock.advance(10);
        store.compute("a", current -> {
            assertNull(current);
            return StoreMutation.keep();
        });
        assertEquals(0, mappingCount(store));
        assertEquals(List.of(Map.entry("a", "old")), listener.expired);
    }

    @Test
    void compute_mutationThrows_leavesTheEntryUnchanged() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        StoreEntry<String> before = store.get("a");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> store.compute("a", current -> {
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", thrown.getMessage());
        assertSame(before, store.get("a"));
    }

    @Test
    void compute_mutationReturnsNull_throwsNullPointerException() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        assertThrows(NullPointerException.class, () -> store.compute("a", current -> null));
        assertEquals(0, mappingCount(store));
    }

    @Test
    void compute_writeOverEntryBound_evicts() {
        LocalLruStore<Integer, String> store = store(2, UNBOUNDED);
        for (int i = 0; i < 3; i++) {
            int k = i;
            store.compute(k, current -> StoreMutation.write("v" + k, ETERNAL));
        }
        assertEquals(List.of(0), listener.evictedKeys());
        assertEquals(2, linkedCount(store));
    }

    // ---- expiry

    @Test
    void get_atOrAfterExpiry_returnsNull_dropsTheEntry_andReportsItOnce() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", clock.millis() + 100);
        clock.advance(99);
        assertNotNull(store.get("a"));
        clock.advance(1); // expiresAt == now counts as expired
        assertNull(store.get("a"));
        assertNull(store.get("a"));
        assertEquals(List.of(Map.entry("a", "1")), listener.expired);
        assertEquals(0, mappingCount(store));
        assertEquals(0, linkedCount(store));
    }

    @Test
    void put_withPastExpiry_removesTheExistingEntry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", ETERNAL);
        store.put("a", "2", clock.millis() - 1);
        assertNull(store.get("a"));
        assertEquals(0, mappingCount(store));
        assertTrue(listener.expired.isEmpty());
    }

    @Test
    void put_overExpiredEntry_reportsTheExpiry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", clock.millis() + 1);
        clock.advance(1);
        store.put("a", "2", ETERNAL);
        assertEquals(List.of(Map.entry("a", "1")), listener.expired);
        assertEquals("2", store.get("a").value());
    }

    @Test
    void remove_ofExpiredEntry_returnsFalseAndReportsTheExpiry() {
        LocalLruStore<String, String> store = store(10, UNBOUNDED);
        store.put("a", "1", clock.millis() + 1);
        clock.advance(1);
        assertFalse(store.remove("a"));
        assertEquals(List.of(Map.entry("a", "1")), listener.expired);
    }

    @Test
    void sweep_dropsExpiredEntries_andReportsEach() {
        LocalLruStore<Integer, String> store = store(100, UNBOUNDED);
        for (int i = 0; i < 10; i++) {
            store.put(i, "v" + i, i % 2 == 0 ? clock.millis() + 50 : ETERNAL);
        }
        clock.advance(50);
        assertEquals(5, store.sweep(1_000));
        assertEquals(List.of(0, 2, 4, 6, 8), listener.expiredKeys().stream().sorted().toList());
        assertEquals(5, mappingCount(store));
        assertEquals(5, linkedCount(store));
        assertEquals(List.of(1, 3, 5, 7, 9), keysOf(store));
        assertEquals(0, store.sweep(1_000));
    }

    @Test
    void sweep_examinesAtMostItsBudget_andResumesWhereItStopped() {
        LocalLruStore<Integer, String> store = store(UNBOUNDED, UNBOUNDED);
        for (int i = 0; i < 100; i++) {
            store.put(i, "v", clock.millis() + 1);
        }
        clock.advance(1);
        int total = 0;
        for (int run = 0; run < 10; run++) {
            int dropped = store.sweep(10);
            assertTrue(dropped <= 10, "dropped " + dropped);
            total += dropped;
        }
        assertEquals(100, total);
        assertEquals(0, mappingCount(store));
        assertEquals(100, listener.expired.size());
    }

    @Test
    void evictionOfAnExpiredEntry_isReportedAsExpiry() {
        LocalLruStore<Integer, String> store = store(2, UNBOUNDED);
        store.put(1, "a", clock.millis() + 5);
        store.put(2, "b", ETERNAL);
        clock.advance(5);
        store.put(3, "c", ETERNAL);
        assertEquals(List.of(1), listener.expiredKeys());
        assertTrue(listener.evicted.isEmpty());
    }

    @Test
    void throwingListener_isLogged_andTheStoreCarriesOn() {
        StoreListener throwing = new StoreListener() {
            @Override
            public void evicted(Object key, Object value) {
                throw new IllegalStateException("listener failure (expected by the test)");
            }

            @Override
            public void expired(Object key, Object value) {
                throw new IllegalStateException("listener failure (expected by the test)");
            }
        };
        LocalLruStore<Integer, String> store = store(1, UNBOUNDED, throwing);
        store.put(1, "a", clock.millis() + 1);
        store.put(2, "b", ETERNAL);
        clock.advance(1);
        store.put(3, "c", ETERNAL);
        assertEquals("c", store.get(3).value());
        assertEquals(1, mappingCount(store));
    }
}
