package io.cachette.memcached;

import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command and mode against three real memcached 1.6 servers. */
class MemcachedClientTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static MemcachedClient client;
    private static BlockingMemcachedClient sync;
    private static List<ServerAddress> addresses;

    @BeforeAll
    static void connect() {
        addresses = ServerAddresses.of(SERVERS);
        client = MemcachedClient.builder()
                .servers(addresses)
                .operationTimeout(Duration.ofSeconds(5)) // timeouts are not the subject here; the machine is shared
                .build();
        sync = client.blocking();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void flush() throws IOException {
        SERVERS.flushAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    @Test
    void set_thenGet_returnsValueFlagsCasAndTtl() {
        sync.set("k1", bytes("hello"), 42, 0);
        Item item = sync.get("k1");
        assertArrayEquals(bytes("hello"), item.value());
        assertEquals(42, item.flags());
        assertNotEquals(0, item.cas());
        assertEquals(-1, item.ttlSeconds());
    }

    @Test
    void get_absentKey_isNull() {
        assertNull(sync.get("absent"));
    }

    @Test
    void set_withTtl_reportsRemainingTtl() {
        sync.set("ttl", bytes("v"), 0, 100);
        int ttl = sync.get("ttl").ttlSeconds();
        assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
    }

    @Test
    void set_negativeTtl_isImmediatelyExpired() {
        sync.set("gone", bytes("v"), 0, -1);
        assertNull(sync.get("gone"));
    }

    @Test
    void flags_allThirtyTwoBits_roundTrip() {
        sync.set("flags", bytes("v"), 0xFFFF_FFFF, 0);
        assertEquals(0xFFFF_FFFF, sync.get("flags").flags());
    }

    @Test
    void add_storesOnlyWhenAbsent() {
        assertTrue(sync.add("add", bytes("1"), 0, 0));
        assertFalse(sync.add("add", bytes("2"), 0, 0));
        assertArrayEquals(bytes("1"), sync.get("add").value());
    }

    @Test
    void replace_storesOnlyWhenPresent() {
        assertFalse(sync.replace("rep", bytes("1"), 0, 0));
        assertNull(sync.get("rep"));
        sync.set("rep", bytes("1"), 0, 0);
        assertTrue(sync.replace("rep", bytes("2"), 0, 0));
        assertArrayEquals(bytes("2"), sync.get("rep").value());
    }

    @Test
    void appendAndPrepend_changePresentValuesOnly() {
        assertFalse(client.append("ap", bytes("x")).join());
        sync.set("ap", bytes("mid"), 9, 0);
        assertTrue(client.append("ap", bytes(">")).join());
        assertTrue(client.prepend("ap", bytes("<")).join());
        Item item = sync.get("ap");
        assertArrayEquals(bytes("<mid>"), item.value());
        assertEquals(9, item.flags());
    }

    @Test
    void cas_withCurrentToken_stores_withStaleTokenIsExists() {
        sync.set("cas", bytes("v1"), 0, 0);
        long token = sync.get("cas").cas();
        assertEquals(WriteResult.OK, sync.cas("cas", bytes("v2"), 0, 0, token));
        assertEquals(WriteResult.EXISTS, sync.cas("cas", bytes("v3"), 0, 0, token));
        assertArrayEquals(bytes("v2"), sync.get("cas").value());
    }

    @Test
    void cas_concurrentWriters_exactlyOneWins() {
        sync.set("race", bytes("0"), 0, 0);
        long token = sync.get("race").cas();
        List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(client.cas("race", bytes("w" + i), 0, 0, token));
        }
        long winners = writes.stream().map(CompletableFuture::join).filter(r -> r == WriteResult.OK).count();
        assertEquals(1, winners);
    }

    @Test
    void cas_onMissingKey_isNotFound() {
        assertEquals(WriteResult.NOT_FOUND, sync.cas("nokey", bytes("v"), 0, 0, 12345));
    }

    @Test
    void addMode_withCas_isRejectedByServerAsNotStored() {
        sync.set("mode", bytes("v"), 0, 0);
        long token = sync.get("mode").cas();
        assertEquals(WriteResult.NOT_STORED, sync.store(StoreMode.ADD, "mode", bytes("w"), 0, 0, token));
    }

    @Test
    void delete_removesOnce() {
        sync.set("del", bytes("v"), 0, 0);
        assertTrue(sync.delete("del"));
        assertFalse(sync.delete("del"));
        assertNull(sync.get("del"));
    }

    @Test
    void delete_withCas_onlyWhenUnchanged() {
        sync.set("delcas", bytes("v"), 0, 0);
        long token = sync.get("delcas").cas();
        sync.set("delcas", bytes("w"), 0, 0);
        assertEquals(WriteResult.EXISTS, client.delete("delcas", token).join());
        long current = sync.get("delcas").cas();
        assertEquals(WriteResult.OK, client.delete("delcas", current).join());
        assertEquals(WriteResult.NOT_FOUND, client.delete("delcas", current).join());
    }

    @Test
    void touch_updatesTtl_ofPresentKeysOnly() {
        sync.set("touch", bytes("v"), 0, 0);
        assertTrue(sync.touch("touch", 500));
        int ttl = sync.get("touch").ttlSeconds();
        assertTrue(ttl > 490 && ttl <= 500, "ttl " + ttl);
        assertFalse(sync.touch("untouched", 10));
    }

    @Test
    void getAndTouch_returnsItem_andSetsTtl() {
        sync.set("gat", bytes("v"), 3, 0);
        Item item = sync.getAndTouch("gat", 300);
        assertArrayEquals(bytes("v"), item.value());
        int ttl = sync.get("gat").ttlSeconds();
        assertTrue(ttl > 290 && ttl <= 300, "ttl " + ttl);
        assertNull(sync.getAndTouch("nothing", 10));
    }

    @Test
    void incr_absentWithoutAutoCreate_isNull() {
        assertNull(client.incr("counter", 1).join());
        assertNull(client.decr("counter", 1).join());
    }

    @Test
    void incrAndDecr_withAutoCreate_startAtInitial_thenChange() {
        assertEquals(10, sync.incr("counter", 5, 10, 0));
        assertEquals(15, sync.incr("counter", 5, 10, 0));
        assertEquals(12, client.decr("counter", 3).join());
        assertEquals(0, client.decr("counter", 100).join());
        assertEquals(7, sync.decr("fresh", 1, 7, 0));
    }

    @Test
    void incr_wrapsAtTwoToThe64() {
        sync.set("wrap", bytes("18446744073709551615"), 0, 0);
        assertEquals(0, client.incr("wrap", 1).join());
    }

    @Test
    void incr_nonNumericValue_isClientError() {
        sync.set("text", bytes("abc"), 0, 0);
        assertInstanceOf(MemcachedClientErrorException.class, failure(client.incr("text", 1)));
    }

    @Test
    void getMulti_acrossThreeServers_returnsHitsOnly() {
        Set<ServerAddress> used = new HashSet<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String key = "multi:" + i;
            keys.add(key);
            used.add(client.serverFor(key));
            if (i % 2 == 0) {
                sync.set(key, bytes("v" + i), i, 0);
            }
        }
        assertEquals(3, used.size(), "keys should land on all three servers");
        keys.add("multi:0");
        Map<String, Item> hits = sync.getMulti(keys);
        assertEquals(30, hits.size());
        for (int i = 0; i < 60; i += 2) {
            Item item = hits.get("multi:" + i);
            assertArrayEquals(bytes("v" + i), item.value());
            assertEquals(i, item.flags());
        }
    }

    @Test
    void getMulti_noKeys_isEmpty() {
        assertEquals(Map.of(), sync.getMulti(List.of()));
    }

    @Test
    void getMulti_costsOneRoundTripPerServer() {
        for (int i = 0; i < 30; i++) {
            sync.set("rt:" + i, bytes("v"), 0, 0);
        }
        long before = totalGets();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add("rt:" + i);
        }
        assertEquals(30, sync.getMulti(keys).size());
        assertEquals(30, totalGets() - before);
    }

    private long totalGets() {
        long total = 0;
        for (ServerAddress server : addresses) {
            total += Long.parseLong(client.stats(server).join().get("cmd_get"));
        }
        return total;
    }

    @Test
    void values_emptyAndOneByte_roundTrip() {
        sync.set("empty", new byte[0], 0, 0);
        assertArrayEquals(new byte[0], sync.get("empty").value());
        sync.set("one", new byte[] {7}, 0, 0);
        assertArrayEquals(new byte[] {7}, sync.get("one").value());
    }

    @Test
    void value_atTheClientLimit_roundTrips() {
        byte[] value = new byte[MemcachedClientBuilder.DEFAULT_ITEM_SIZE_LIMIT
                - MemcachedClientBuilder.ITEM_HEADER_ALLOWANCE];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        String longKey = "k".repeat(250);
        sync.set(longKey, value, 0, 0);
        assertArrayEquals(value, sync.get(longKey).value());
    }

    @Test
    void value_overTheClientLimit_failsBeforeSending() {
        byte[] value = new byte[MemcachedClientBuilder.DEFAULT_ITEM_SIZE_LIMIT
                - MemcachedClientBuilder.ITEM_HEADER_ALLOWANCE + 1];
        assertInstanceOf(ValueTooLargeException.class, failure(client.set("big", value, 0, 0)));
    }

    @Test
    void value_overTheServerLimit_isValueTooLarge_andConnectionStaysUsable() {
        try (MemcachedClient lax = MemcachedClient.builder()
                .servers(addresses)
                .maxValueBytes(MemcachedClientBuilder.DEFAULT_ITEM_SIZE_LIMIT)
                .build()) {
            byte[] value = new byte[MemcachedClientBuilder.DEFAULT_ITEM_SIZE_LIMIT];
            assertInstanceOf(ValueTooLargeException.class, failure(lax.set("huge", value, 0, 0)));
            lax.set("huge", new byte[] {1}, 0, 0).join();
            assertArrayEquals(new byte[] {1}, lax.get("huge").join().value());
        }
    }

    @Test
    void illegalKeys_failWithIllegalKeyException_sayingWhy() {
        Throwable tooLong = failure(client.get("k".repeat(251)));
        assertInstanceOf(IllegalKeyException.class, tooLong);
        assertTrue(tooLong.getMessage().contains("251"), tooLong.getMessage());
        assertInstanceOf(IllegalKeyException.class, failure(client.set("a b", bytes("v"), 0, 0)));
        assertInstanceOf(IllegalKeyException.class, failure(client.getMulti(List.of("ok", "bad\n"))));
        IllegalKeyException thrown = assertThrows(IllegalKeyException.class, () -> sync.delete("tab\tkey"));
        assertTrue(thrown.getMessage().contains("control character"), thrown.getMessage());
    }

    @Test
    void flushAll_emptiesOneServer() {
        for (int i = 0; i < 30; i++) {
            sync.set("f:" + i, bytes("v"), 0, 0);
        }
        ServerAddress target = addresses.get(0);
        sync.flushAll(target);
        for (int i = 0; i < 30; i++) {
            String key = "f:" + i;
            assertEquals(client.serverFor(key).equals(target), sync.get(key) == null, key);
        }
    }

    @Test
    void stats_returnsServerCounters() {
        Map<String, String> stats = client.stats(addresses.get(1)).join();
        assertEquals("1.6.18", stats.get("version"));
        assertNotNull(stats.get("curr_items"));
    }

    @Test
    void keys_dumpsEveryKeyOfAServer() {
        Set<String> expected = new HashSet<>();
        ServerAddress target = addresses.get(2);
        for (int i = 0; i < 30; i++) {
            String key = "dump:" + i + ":é";
            sync.set(key, bytes("v"), 0, 0);
            if (client.serverFor(key).equals(target)) {
                expected.add(key);
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, new HashSet<>(sync.keys(target)));
    }

    @Test
    void keys_concurrentDumps_bothSucceed() {
        sync.set("dumped", bytes("v"), 0, 0);
        ServerAddress target = client.serverFor("dumped");
        CompletableFuture<List<String>> first = client.keys(target);
        CompletableFuture<List<String>> second = client.keys(target);
        assertEquals(List.of("dumped"), first.join());
        assertEquals(List.of("dumped"), second.join());
    }

    @Test
    void metrics_countOperationsHitsAndMisses() {
        String key = "metric";
        ServerAddress server = client.serverFor(key);
        ServerMetrics before = client.metrics(server);
        sync.set(key, bytes("v"), 0, 0);
        sync.get(key);
        sync.get(key);
        sync.get("metric-miss-" + 0);
        ServerMetrics after = client.metrics(server);
        assertEquals(ServerState.UP, after.state());
        assertTrue(after.operations() - before.operations() >= 3);
        assertTrue(after.hits() - before.hits() >= 2);
        assertEquals(3, client.metrics().size());
    }

    @Test
    void addRequestListener_setAndGet_reportsEachReplyWithItsServerUntilClosed() throws Exception {
        List<String> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable registration = client.addRequestListener((server, nanos, errorReply) ->
                replies.add(server + " " + (nanos > 0) + " " + errorReply));
        ServerAddress owner = client.serverFor("timed");

        sync.set("timed", bytes("v"), 0, 0);
        sync.get("timed");
        registration.close();
        sync.get("timed");

        assertEquals(List.of(owner + " true false", owner + " true false"), replies);
    }

    @Test
    void pipelined_manyConcurrentOperations_allComplete() {
        List<CompletableFuture<Void>> sets = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sets.add(client.set("p:" + i, bytes("v" + i), 0, 0));
        }
        CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Item>> gets = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            gets.add(client.get("p:" + i));
        }
        for (int i = 0; i < 2_000; i++) {
            assertArrayEquals(bytes("v" + i), gets.get(i).join().value());
        }
    }
}
