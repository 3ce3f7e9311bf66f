package io.cachette.memcached.internal.routing;

import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cachette.memcached.KetamaKeyFormat.LIBMEMCACHED;
import static io.cachette.memcached.KetamaKeyFormat.SPYMEMCACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring's own rules: construction checks, point counts, wrap-around, failover walk, thread safety. */
class KetamaNodeLocatorTest {

    private static final List<String> KEYS = TestKeys.keys(10_000);
    private static final ServerAddress A = new ServerAddress("10.0.0.1", 11211);
    private static final ServerAddress B = new ServerAddress("10.0.0.2", 11211);
    private static final ServerAddress C = new ServerAddress("10.0.0.3", 11212);

    @Test
    void locate_oneServer_ownsEveryKey_andFailoverFindsNoneWhenItIsUnusable() {
        KetamaNodeLocator ring = new KetamaNodeLocator(List.of(A), SPYMEMCACHED);
        for (String key : List.of("a", "user:1", "\u00e9t\u00e9", "x".repeat(250))) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertEquals(A, ring.locate(bytes));
            assertEquals(A, ring.locate(bytes, server -> true));
            assertNull(ring.locate(bytes, server -> false));
        }
        assertThrows(NullPointerException.class, () -> ring.locate(null));
    }

    @Test
    void constructor_emptyList_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(), SPYMEMCACHED));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void constructor_sameServerTwice_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(A, B, A), LIBMEMCACHED));
        assertTrue(e.getMessage().contains("10.0.0.1:11211 is listed twice"), e.getMessage());
    }

    @Test
    void constructor_twoSpellingsOfOneAddress_throwsNamingBoth() {
        ServerAddress shortForm = new ServerAddress("::1", 11211);
        ServerAddress longForm = new ServerAddress("0:0:0:0:0:0:0:1", 11211);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(shortForm, longForm), SPYMEMCACHED));
        assertTrue(e.getMessage().contains("same ketama point keys"), e.getMessage());
        assertTrue(e.getMessage().contains(shortForm.toString()) && e.getMessage().contains(longForm.toString()),
                e.getMessage());
    }

    @Test
    void constructor_zeroWeight_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(A, B), SPYMEMCACHED, Map.of(A, 0)));
        assertTrue(e.getMessage().contains("must be positive, was 0"), e.getMessage());
    }

    @Test
    void constructor_negativeWeight_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(A, B), SPYMEMCACHED, Map.of(B, -2)));
        assertTrue(e.getMessage().contains("must be positive, was -2"), e.getMessage());
    }

    @Test
    void constructor_weightOfUnlistedServer_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(A, B), SPYMEMCACHED, Map.of(A, 1, C, 2)));
        assertTrue(e.getMessage().contains("not in the list"), e.getMessage());
    }

    @Test
    void constructor_weightTooSmallForAnyPoint_throwsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KetamaNodeLocator(List.of(A, B), SPYMEMCACHED, Map.of(A, 1, B, 1000)));
        assertTrue(e.getMessage().contains("would get no ketama point"), e.getMessage());
    }

    @Test
    void constructor_weightsOverflowingInt_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new KetamaNodeLocator(
                List.of(A, B), SPYMEMCACHED, Map.of(A, Integer.MAX_VALUE, B, Integer.MAX_VALUE)));
    }

    @Test
    void servers_areTheConfiguredOnesInOrder_andUnmodifiable() {
        List<ServerAddress> configured = new ArrayList<>(List.of(C, A, B));
        KetamaNodeLocator locator = new KetamaNodeLocator(configured, SPYMEMCACHED);
        configured.clear();
        assertEquals(List.of(C, A, B), locator.servers());
        assertThrows(UnsupportedOperationException.class, () -> locator.servers().add(A));
    }

    @Test
    void unweightedRing_gives160PointsToEveryServer() {
        KetamaNodeLocator locator = new KetamaNodeLocator(List.of(A, B, C), SPYMEMCACHED);
        for (ServerAddress server : List.of(A, B, C)) {
            assertEquals(160, locator.pointsOwnedBy(server), server::toString);
        }
    }

    @Test
    void weightedRing_givesPointsInProportionToWeight() {
        KetamaNodeLocator locator = new KetamaNodeLocator(List.of(A, B, C), LIBMEMCACHED, Map.of(A, 1, B, 2, C, 3));
        // 4 * floor(w / 6 * 160 / 4 * 3)
        assertEquals(80, locator.pointsOwnedBy(A));
        assertEquals(160, locator.pointsOwnedBy(B));
        assertEquals(240, locator.pointsOwnedBy(C));
    }

    @Test
    void weightedRing_missingWeight_countsAsOne() {
        KetamaNodeLocator implicit = new KetamaNodeLocator(List.of(A, B, C), LIBMEMCACHED, Map.of(C, 3));
        KetamaNodeLocator explicit = new KetamaNodeLocator(List.of(A, B, C), LIBMEMCACHED, Map.of(A, 1, B, 1, C, 3));
        for (String key : KEYS) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertEquals(explicit.locate(bytes), implicit.locate(bytes), key);
        }
    }

    @Test
    void libmemcachedFormat_25ServersWithoutWeights_get156PointsEach_asLibmemcachedAlwaysWeighs() {
        List<ServerAddress> servers = TestKeys.literalServers(25);
        assertEquals(156, new KetamaNodeLocator(servers, LIBMEMCACHED).pointsOwnedBy(servers.get(0)));
    }

    @Test
    void spymemcachedFormat_25Servers_get160PointsWithoutWeights_and156WithEqualWeights() {
        List<ServerAddress> servers = TestKeys.literalServers(25);
        Map<ServerAddress, Integer> weights = new HashMap<>();
        servers.forEach(s -> weights.put(s, 1));
        assertEquals(160, new KetamaNodeLocator(servers, SPYMEMCACHED).pointsOwnedBy(servers.get(0)));
        assertEquals(156, new KetamaNodeLocator(servers, SPYMEMCACHED, weights).pointsOwnedBy(servers.get(0)));
    }

    @Test
    void hashPastTheLastPoint_wrapsToTheFirstPoint() {
        KetamaNodeLocator locator = new KetamaNodeLocator(List.of(A, B, C), SPYMEMCACHED);
        assertEquals(locator.locateHash(0), locator.locateHash(0xFFFF_FFFF));
    }

    @Test
    void locate_withEveryServerUsable_isThePrimary() {
        KetamaNodeLocator locator = new KetamaNodeLocator(TestKeys.literalServers(10), SPYMEMCACHED);
        for (String key : KEYS) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertEquals(locator.locate(bytes), locator.locate(bytes, s -> true), key);
        }
    }

    @Test
    void locate_withNoServerUsable_isNull_afterAskingEachServerOnce() {
        KetamaNodeLocator locator = new KetamaNodeLocator(TestKeys.literalServers(10), SPYMEMCACHED);
        AtomicInteger asked = new AtomicInteger();
        assertNull(locator.locate("k".getBytes(StandardCharsets.UTF_8), s -> {
            asked.incrementAndGet();
            return false;
        }));
        assertEquals(10, asked.get());
    }

    @Test
    void locate_singleServerUnusable_isNull() {
        KetamaNodeLocator locator = new KetamaNodeLocator(List.of(A), SPYMEMCACHED);
        assertNull(locator.locate("k".getBytes(StandardCharsets.UTF_8), s -> false));
    }

    @Test
    void locate_ownerUnusable_fallsToWhereARingWithoutItPutsTheKey() {
        List<ServerAddress> servers = TestKeys.literalServers(10);
        ServerAddress down = servers.get(4);
        List<ServerAddress> others = new ArrayList<>(servers);
        others.remove(down);
        KetamaNodeLocator full = new KetamaNodeLocator(servers, SPYMEMCACHED);
        KetamaNodeLocator without = new KetamaNodeLocator(others, SPYMEMCACHED);
        int failedOver = 0;
        for (String key : KEYS) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ServerAddress fallback = full.locate(bytes, s -> !s.equals(down));
            assertNotEquals(down, fallback);
            assertEquals(without.locate(bytes), fallback, key);
            if (full.locate(bytes).equals(down)) {
                failedOver++;
            }
        }
        assertTrue(failedOver > 0, "no key was owned by the unusable server; the test proves nothing");
    }

    @Test
    void locate_fromManyThreads_agreesWithOneThread() throws Exception {
        KetamaNodeLocator locator = new KetamaNodeLocator(TestKeys.literalServers(10), SPYMEMCACHED);
        List<ServerAddress> expected = new ArrayList<>();
        for (String key : KEYS) {
            expected.add(locator.locate(key.getBytes(StandardCharsets.UTF_8)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < KEYS.size(); i++) {
                        if (!expected.get(i).equals(locator.locate(KEYS.get(i).getBytes(StandardCharsets.UTF_8)))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void toString_namesFormatServersAndPoints() {
        assertEquals("KetamaNodeLocator[LIBMEMCACHED, weighted, 2 servers, 320 points]",
                new KetamaNodeLocator(List.of(A, B), LIBMEMCACHED).toString());
        assertEquals("KetamaNodeLocator[SPYMEMCACHED, 1 server, 160 points]",
                new KetamaNodeLocator(List.of(A), SPYMEMCACHED).toString());
        assertEquals(KetamaKeyFormat.SPYMEMCACHED, new KetamaNodeLocator(List.of(A), SPYMEMCACHED).format());
    }
}
