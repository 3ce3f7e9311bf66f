package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.testkit.MemcachedServers;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;
import io.cachette.testing.TestClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.Serializable;
import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Store contract of {@link MemcachedStore} against three real memcached servers. */
class MemcachedStoreTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    record Point(int x, int y) implements Serializable {
    }

    static final class Box implements Serializable {
        final List<String> items = new ArrayList<>();
    }

    private final TestClock clock = new TestClock(System.currentTimeMillis());
    private final RecordingListener listener = new RecordingListener();
    private final List<StoreBackend> backends = new ArrayList<>();
    private String cacheName;
    private Store<Object, Object> store;

    @BeforeEach
    void open(TestInfo test) {
        cacheName = test.getTestMethod().orElseThrow().getName();
        store = open(Map.of(), cacheName);
    }

    @AfterEach
    void close() {
        backends.forEach(StoreBackend::close);
    }

    private Store<Object, Object> open(Map<String, String> settings, String cache) {
        StoreBackend backend = new MemcachedStoreFactory().open(URI.create(SERVERS.uri()), Settings.of(settings).scope(SettingsParser.PREFIX),
                getClass().getClassLoader());
        backends.add(backend);
        return backend.createStore(new StoreContext(cache, settings, getClass().getClassLoader(), clock, listener,
                StoreContext.UNBOUNDED, StoreContext.UNBOUNDED));
    }

    private long in(long millis) {
        return clock.millis() + millis;
    }

    @Test
    void capabilities_areRemote() {
        assertEquals(StoreCapabilities.REMOTE, store.capabilities());
    }

    @Test
    void get_absent_isNull() {
        assertNull(store.get("nobody"));
    }

    @Test
    void put_thenGet_givesEqualValueAndExpiry() {
        store.put("k", new Point(1, 2), in(60_000));

        StoreEntry<Object> entry = store.get("k");
        assertEquals(new Point(1, 2), entry.value());
        assertEquals(in(60_000), entry.expiresAtMillis());
    }

    @Test
    void put_eternal_keepsEternalExpiry() {
        store.put(7L, "seven", StoreEntry.ETERNAL);

        assertEquals(StoreEntry.ETERNAL, store.get(7L).expiresAtMillis());
        assertNull(store.get(7), "Integer 7 is another key than Long 7");
    }

    @Test
    void get_sameItemTwice_sameEntryInstance_butOwnMutableValues() {
        store.put("box", new Box(), StoreEntry.ETERNAL);

        StoreEntry<Object> first = store.get("box");
        StoreEntry<Object> second = store.get("box");
        assertSame(first, second);
        Box mine = (Box) first.value();
        mine.items.add("changed");
        assertTrue(((Box) second.value()).items.isEmpty(), "each value() is a copy of its own");
    }

    @Test
    void get_afterChange_newEntryInstance() {
        store.put("k", "a", StoreEntry.ETERNAL);
        StoreEntry<Object> before = store.get("k");
        store.put("k", "b", StoreEntry.ETERNAL);

        StoreEntry<Object> after = store.get("k");
        assertNotSame(before, after);
        assertEquals("b", after.value());
    }

    @Test
    void get_afterExpiryOnTheClock_isNullAndListenerToldOnce() {
        store.put("k", "v", in(1_500));
        clock.advance(1_499);
        assertEquals("v", store.get("k").value());

        clock.advance(1);
        assertNull(store.get("k"));
        assertNull(store.get("k"));
        assertEquals(List.of(Map.entry("k", "v")), listener.expired);
    }

    @Test
    void put_expiryInThePast_removes() {
        store.put("k", "v", StoreEntry.ETERNAL);
        store.put("k", "w", clock.millis());

        assertNull(store.get("k"));
    }

    @Test
    void memcachedTtl_isSetOnTheItem() throws Exception {
        store.put("ttl", "v", in(10_000));

        String item = rawItemLine("ttl");
        assertTrue(item.contains(" t1") || item.contains(" t11") || item.contains(" t10"), item);
    }

    private String rawItemLine(String key) throws Exception {
        String memcachedKey = "cachette:" + cacheName + ":" + generation() + ":s" + key;
        for (int i = 0; i < SERVERS.count(); i++) {
            String reply = SERVERS.command(i, "mg " + memcachedKey + " t");
            if (reply.startsWith("HD")) {
                return reply;
            }
        }
        throw new AssertionError(memcachedKey + " is on no server");
    }

    private long generation() throws Exception {
        for (int i = 0; i < SERVERS.count(); i++) {
            String reply = SERVERS.command(i, "mg cachette:" + cacheName + ":gen v");
            if (reply.startsWith("VA")) {
                try (var socket = new java.net.Socket(SERVERS.host(), SERVERS.port(i))) {
                    socket.getOutputStream().write(("mg cachette:" + cacheName + ":gen v\r\n").getBytes());
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
                    in.readLine();
                    return Long.parseLong(in.readLine().trim());
                }
            }
        }
        throw new AssertionError("no generation counter");
    }

    @Test
    void getAll_returnsOnlyLiveEntries() {
        store.put("a", 1, StoreEntry.ETERNAL);
        store.put("b", 2, in(100));
        store.put(UUID.nameUUIDFromBytes(new byte[] {1}), 3, StoreEntry.ETERNAL);
        clock.advance(100);

        Map<Object, StoreEntry<Object>> found = store.getAll(List.of("a", "b", "c",
                UUID.nameUUIDFromBytes(new byte[] {1})));
        assertEquals(Set.of("a", UUID.nameUUIDFromBytes(new byte[] {1})), found.keySet());
        assertEquals(1, found.get("a").value());
    }

    @Test
    void putAll_storesEveryEntry() {
        Map<Object, Object> entries = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            entries.put(i, "v" + i);
        }
        store.putAll(entries, StoreEntry.ETERNAL);

        for (int i = 0; i < 50; i++) {
            assertEquals("v" + i, store.get(i).value());
        }
    }

    @Test
    void compute_absent_writes() {
        StoreMutation<Object> applied = store.compute("k", current -> {
            assertNull(current);
            return StoreMutation.write("v", StoreEntry.ETERNAL);
        });

        assertEquals(StoreMutation.Kind.WRITE, applied.kind());
        assertEquals("v", store.get("k").value());
    }

    @Test
    void compute_present_seesCurrentAndReplaces() {
        store.put("k", 41, in(5_000));

        store.compute("k", current -> StoreMutation.write((Integer) current.value() + 1, current.expiresAtMillis()));

        assertEquals(42, store.get("k").value());
        assertEquals(in(5_000), store.get("k").expiresAtMillis());
    }

    @Test
    void compute_remove_removes_andKeep_keeps() {
        store.put("gone", "x", StoreEntry.ETERNAL);
        store.put("kept", "y", StoreEntry.ETERNAL);

        store.compute("gone", current -> StoreMutation.remove());
        store.compute("kept", current -> StoreMutation.keep());

        assertNull(store.get("gone"));
        assertEquals("y", store.get("kept").value());
    }

    @Test
    void compute_writeWithPastExpiry_removes() {
        store.put("k", "v", StoreEntry.ETERNAL);

        store.compute("k", current -> StoreMutation.write("w", clock.millis() - 1));

        assertNull(store.get("k"));
    }

    @Test
    void compute_onExpiredEntry_seesAbsentAndCanWriteAgain() {
        store.put("k", "old", in(10));
        clock.advance(10);

        store.compute("k", current -> {
            assertNull(current);
            return StoreMutation.write("new", StoreEntry.ETERNAL);
        });

        assertEquals("new", store.get("k").value());
        assertEquals(List.of(Map.entry("k", "old")), listener.expired);
    }

    @Test
    void compute_conflictingWriterInBetween_reRunsTheMutation() {
        Store<Object, Object> other = open(Map.of(), cacheName);
        store.put("k", 0, StoreEntry.ETERNAL);
        int[] runs = new int[1];

        store.compute("k", current -> {
            if (runs[0]++ == 0) {
                other.put("k", 100, StoreEntry.ETERNAL);
            }
            return StoreMutation.write((Integer) current.value() + 1, StoreEntry.ETERNAL);
        });

        assertEquals(2, runs[0]);
        assertEquals(101, store.get("k").value());
        assertEquals(1, ((MemcachedStore<?, ?>) store).counters().casConflicts());
    }

    @Test
    void compute_absentButCreatedInBetween_reRunsTheMutation() {
        Store<Object, Object> other = open(Map.of(), cacheName);
        int[] runs = new int[1];

        StoreMutation<Object> applied = store.compute("k", current -> {
            if (runs[0]++ == 0) {
                other.put("k", "theirs", StoreEntry.ETERNAL);
            }
            return current == null ? StoreMutation.write("mine", StoreEntry.ETERNAL) : StoreMutation.keep();
        });

        assertEquals(StoreMutation.Kind.KEEP, applied.kind());
        assertEquals("theirs", store.get("k").value());
    }

    @Test
    void compute_endlessConflicts_giveUpWithCacheException() {
        Store<Object, Object> impatient = open(Map.of("cachette.memcached.max-cas-retries", "3"), cacheName);
        Store<Object, Object> other = open(Map.of(), cacheName);
        impatient.put("k", 0, StoreEntry.ETERNAL);

        CacheException e = assertThrows(CacheException.class, () -> impatient.compute("k", current -> {
            other.put("k", (Integer) current.value() + 1, StoreEntry.ETERNAL);
            return StoreMutation.write(-1, StoreEntry.ETERNAL);
        }));

        assertTrue(e.getMessage().contains("3 compare-and-set conflicts"), e.getMessage());
    }

    @Test
    void remove_reportsWhetherALiveEntryWasRemoved() {
        store.put("k", "v", StoreEntry.ETERNAL);

        assertTrue(store.remove("k"));
        assertFalse(store.remove("k"));
        assertNull(store.get("k"));
    }

    @Test
    void clear_orphansEveryEntry_butNotOtherCaches() {
        Store<Object, Object> neighbour = open(Map.of(), cacheName + "-other");
        store.put("a", 1, StoreEntry.ETERNAL);
        neighbour.put("a", 2, StoreEntry.ETERNAL);

        store.clear();

        assertNull(store.get("a"));
        assertEquals(2, neighbour.get("a").value());
        store.put("a", 3, StoreEntry.ETERNAL);
        assertEquals(3, store.get("a").value());
    }

    @Test
    void clear_isSeenByAnotherBackendThatReReadsTheGeneration() {
        Store<Object, Object> other = open(Map.of("cachette.memcached.generation-refresh-ms", "0"), cacheName);
        store.put("a", 1, StoreEntry.ETERNAL);
        assertEquals(1, other.get("a").value());

        store.clear();

        assertNull(other.get("a"));
    }

    @Test
    void clear_afterTheCounterIsLost_neverRevivesOldEntries() throws Exception {
        Store<Object, Object> fresh = open(Map.of("cachette.memcached.generation-refresh-ms", "0"), cacheName);
        store.put("a", 1, StoreEntry.ETERNAL);
        for (int i = 0; i < SERVERS.count(); i++) {
            SERVERS.command(i, "md cachette:" + cacheName + ":gen");
        }

        assertNull(fresh.get("a"), "a re-seeded counter starts a new generation");
        fresh.put("a", 2, StoreEntry.ETERNAL);
        assertEquals(2, fresh.get("a").value());
    }

    @Test
    void keys_areTheDecodedKeysOfLiveEntries_ofThisCacheAndGeneration() {
        Store<Object, Object> neighbour = open(Map.of(), cacheName + "-other");
        List<Object> keys = List.of("plain", "with space", "x".repeat(400), 42, 42L, UUID.randomUUID(),
                TimeUnit.HOURS, new Point(3, 4), 'c', "ünï\ncode");
        for (Object key : keys) {
            store.put(key, "v", StoreEntry.ETERNAL);
        }
        store.put("expired", "v", in(1));
        neighbour.put("neighbour", "v", StoreEntry.ETERNAL);
        clock.advance(1);

        Set<Object> listed = new HashSet<>();
        store.keys().forEachRemaining(key -> assertTrue(listed.add(key), "listed twice: " + key));

        assertEquals(new HashSet<>(keys), listed);
    }

    @Test
    void keys_afterClear_isEmpty() {
        store.put("a", 1, StoreEntry.ETERNAL);
        store.clear();

        assertFalse(store.keys().hasNext());
    }

    @Test
    void oversizedValue_failsNamingSizeAndLimit_andKeepsThePreviousValue() {
        store.put("big", "small", StoreEntry.ETERNAL);
        byte[] huge = new byte[2 * 1024 * 1024];

        CacheException e = assertThrows(CacheException.class, () -> store.put("big", huge, StoreEntry.ETERNAL));
        assertTrue(e.getMessage().contains("bytes serialized"), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(1024 * 1024 - 512)), e.getMessage());
        assertThrows(CacheException.class, () -> store.compute("big",
                current -> StoreMutation.write(huge, StoreEntry.ETERNAL)));

        assertEquals("small", store.get("big").value());
    }

    @Test
    void valueJustUnderTheLimit_isStored() {
        // a generous timeout: a 1 MiB write that times out on a loaded machine is dropped (a cache may drop
        // writes), which is not what this test is about
        store = open(Map.of("cachette.memcached.operation-timeout-ms", "10000"), cacheName);
        byte[] nearLimit = new byte[1024 * 1024 - 600];

        store.put("k", nearLimit, StoreEntry.ETERNAL);

        assertEquals(nearLimit.length, ((byte[]) store.get("k").value()).length);
    }

    @Test
    void maxValueBytes_aboveTheItemLimitMinusItsHeader_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open(Map.of("cachette.memcached.max-value-bytes", Integer.toString(1024 * 1024)), cacheName));

        assertTrue(e.getMessage().contains("cachette.memcached.max-value-bytes"), e.getMessage());
    }

    @Test
    void serverRefusingAValueAsTooLarge_keepsThePreviousValue() {
        // the settings claim 2 MiB items but the servers run with memcached's default 1 MiB (-I): the server
        // refuses the value and drops the old item, which compute puts back
        Store<Object, Object> misconfigured = open(Map.of("cachette.memcached.item-size-limit-bytes",
                Integer.toString(2 * 1024 * 1024)), cacheName);
        misconfigured.put("k", "previous", StoreEntry.ETERNAL);

        CacheException e = assertThrows(CacheException.class, () -> misconfigured.compute("k",
                current -> StoreMutation.write(new byte[1024 * 1024 + 100], StoreEntry.ETERNAL)));

        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertEquals("previous", misconfigured.get("k").value());
    }

    @Test
    void serverRefusingAValueAsTooLarge_onAPlainPut_failsAndLeavesAMiss() {
        // put does not read the item it replaces, so it cannot put back what the server dropped: the key reads
        // as a miss (never as a stale value), which a cache may always do
        Store<Object, Object> misconfigured = open(Map.of("cachette.memcached.item-size-limit-bytes",
                Integer.toString(2 * 1024 * 1024)), cacheName);
        misconfigured.put("k", "previous", StoreEntry.ETERNAL);

        CacheException e = assertThrows(CacheException.class,
                () -> misconfigured.put("k", new byte[1024 * 1024 + 100], StoreEntry.ETERNAL));

        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertNull(misconfigured.get("k"));
    }

    @Test
    void illegalMemcachedKeys_areDigested_andStayDistinct() {
        List<Object> keys = List.of("a b", "a_b", "a\tb", "a\u0000b", "", "x".repeat(300), "x".repeat(301));
        for (Object key : keys) {
            store.put(key, key, StoreEntry.ETERNAL);
        }

        for (Object key : keys) {
            assertEquals(key, store.get(key).value());
        }
    }

    @Test
    void notSerializableKey_isIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> store.put(new Object(), "v", StoreEntry.ETERNAL));
    }

    @Test
    void notSerializableValue_isCacheException() {
        CacheException e = assertThrows(CacheException.class, () -> store.put("k", new Object(), StoreEntry.ETERNAL));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void forbiddenJdkClass_isReadAsAMiss_andCountedAsADeserializationRejection() {
        store.put("evil", new javax.management.BadAttributeValueExpException("payload"), StoreEntry.ETERNAL);

        assertNull(store.get("evil"));
        assertEquals(1, ((MemcachedStore<?, ?>) store).counters().deserializationRejections());
        assertEquals(0, ((MemcachedStore<?, ?>) store).counters().signatureFailures());
    }

    @Test
    void deniedApplicationClass_isReadAsAMiss() {
        Store<Object, Object> strict = open(Map.of("cachette.memcached.deserialization.deny",
                Point.class.getName()), cacheName);
        store.put("p", new Point(1, 1), StoreEntry.ETERNAL);

        assertNull(strict.get("p"));
        assertEquals(1, ((MemcachedStore<?, ?>) strict).counters().deserializationRejections());
        assertEquals(new Point(1, 1), store.get("p").value());
    }

    @Test
    void foreignItemUnderOurKey_isReadAsAMiss_andCanBeOverwritten() throws Exception {
        store.put("k", "v", StoreEntry.ETERNAL);
        String memcachedKey = "cachette:" + cacheName + ":" + generation() + ":sk";
        try (var client = io.cachette.memcached.MemcachedClient.builder().servers(SERVERS.hostPorts().toArray(String[]::new))
                .locator(new io.cachette.memcached.internal.routing.KetamaNodeLocator(
                        SERVERS.hostPorts().stream().map(io.cachette.memcached.ServerAddress::parse).toList(),
                        io.cachette.memcached.KetamaKeyFormat.SPYMEMCACHED)).build()) {
            BlockingMemcachedClient.join(client.set(memcachedKey, "not an envelope".getBytes(), 0, 0));
        }

        assertNull(store.get("k"));
        store.compute("k", current -> {
            assertNull(current);
            return StoreMutation.write("mine", StoreEntry.ETERNAL);
        });
        assertEquals("mine", store.get("k").value());
    }

    @Test
    void keyPrefix_separatesApplicationsOnTheSameServers() {
        Store<Object, Object> otherApp = open(Map.of("cachette.memcached.key-prefix", "other"), cacheName);
        store.put("k", "ours", StoreEntry.ETERNAL);

        assertNull(otherApp.get("k"));
    }

    @Test
    void sameKeyFromAnotherBackend_meetsTheSameEntry() {
        Store<Object, Object> other = open(Map.of("cachette.memcached.connections-per-server", "2"), cacheName);
        store.put(new Point(5, 6), "shared", StoreEntry.ETERNAL);

        assertEquals("shared", other.get(new Point(5, 6)).value());
        assertNotNull(other.get(new Point(5, 6)));
    }
}
