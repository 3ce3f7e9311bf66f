package io.cachette.memcached.internal.routing;

import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our ring against spymemcached 2.12.3's own {@code KetamaNodeLocator}: every one of 12,000 keys must land on
 * the same server, for 1, 3 and 10 servers, literal IPs and host names, both point-key formats, with and
 * without weights, and again after a server leaves.
 */
class KetamaSpymemcachedParityTest {

    private static final List<String> KEYS = TestKeys.keys(12_000);

    static Stream<Arguments> clusters() {
        List<ServerAddress> hostNames = List.of(
                new ServerAddress("localhost", 11211),
                new ServerAddress("localhost", 11212),
                new ServerAddress("localhost", 11213));
        List<ServerAddress> mixed = new ArrayList<>(List.of(
                new ServerAddress("localhost", 11211),
                new ServerAddress("127.0.0.1", 11212),
                new ServerAddress("::1", 11211),
                new ServerAddress("::1", 11214)));
        mixed.addAll(TestKeys.literalServers(6));
        List<Arguments> cases = new ArrayList<>();
        for (KetamaKeyFormat format : KetamaKeyFormat.values()) {
            cases.add(Arguments.of(format, "1 literal IP", TestKeys.literalServers(1)));
            cases.add(Arguments.of(format, "3 literal IPs", TestKeys.literalServers(3)));
            cases.add(Arguments.of(format, "10 literal IPs", TestKeys.literalServers(10)));
            cases.add(Arguments.of(format, "3 ports of localhost", hostNames));
            cases.add(Arguments.of(format, "10 host names, IPv4 and IPv6 literals", mixed));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("clusters")
    void everyKey_unweighted_landsWhereSpymemcachedPutsIt(KetamaKeyFormat format, String name, List<ServerAddress> servers) {
        assertSamePlacement(servers, format, Map.of());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("clusters")
    void everyKey_weighted_landsWhereSpymemcachedPutsIt(KetamaKeyFormat format, String name, List<ServerAddress> servers) {
        Map<ServerAddress, Integer> weights = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            weights.put(servers.get(i), 1 + (i * 7) % 5);
        }
        assertSamePlacement(servers, format, weights);
    }

    @Test
    void everyKey_equalWeightsOver25Servers_landsWhereSpymemcachedPutsIt() {
        // the float rounding of libmemcached's formula gives 156 points per server here, not 160
        List<ServerAddress> servers = TestKeys.literalServers(25);
        Map<ServerAddress, Integer> weights = new HashMap<>();
        servers.forEach(s -> weights.put(s, 3));
        assertSamePlacement(servers, KetamaKeyFormat.SPYMEMCACHED, weights);
    }

    static Stream<Arguments> clustersOfSeveral() {
        return clusters().filter(a -> ((List<?>) a.get()[2]).size() > 1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("clustersOfSeveral")
    void removingOneServer_movesOnlyItsKeys_likeSpymemcached(KetamaKeyFormat format, String name, List<ServerAddress> servers) {
        ServerAddress leaving = servers.get(servers.size() / 2);
        List<ServerAddress> remaining = new ArrayList<>(servers);
        remaining.remove(leaving);
        KetamaNodeLocator before = new KetamaNodeLocator(servers, format);
        KetamaNodeLocator after = new KetamaNodeLocator(remaining, format);
        SpymemcachedRing spyAfter = new SpymemcachedRing(remaining, format);

        int moved = 0;
        int owned = 0;
        for (String key : KEYS) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ServerAddress was = before.locate(bytes);
            ServerAddress now = after.locate(bytes);
            assertEquals(spyAfter.primary(key), now, () -> "spymemcached disagrees after removal on key " + key);
            if (was.equals(leaving)) {
                owned++;
            } else {
                assertEquals(was, now, () -> "key " + key + " moved although its server " + was + " stayed");
            }
            if (!was.equals(now)) {
                moved++;
            }
        }
        assertTrue(owned > 0, "the leaving server owned no key; the test proves nothing");
        assertEquals(owned, moved, "exactly the leaving server's keys move");
    }

    @Test
    void pointClaimedByTwoServers_belongsToTheLaterOneInTheList_likeSpymemcached() throws Exception {
        // 600 servers, 96,000 points: one point is hashed by two servers; a ring of just those two has it too
        List<ServerAddress> servers = TestKeys.literalServers(600);
        Map<Long, ServerAddress> firstClaim = new HashMap<>();
        long shared = -1;
        ServerAddress earlier = null;
        ServerAddress later = null;
        for (ServerAddress server : servers) {
            for (long point : independentPoints(server)) {
                ServerAddress before = firstClaim.putIfAbsent(point, server);
                if (before != null && !before.equals(server)) {
                    shared = point;
                    earlier = before;
                    later = server;
                }
            }
        }
        assertTrue(shared >= 0, "no two servers share a point; pick a larger list");

        List<ServerAddress> pair = List.of(earlier, later);
        assertEquals(later, new KetamaNodeLocator(pair, KetamaKeyFormat.SPYMEMCACHED).locateHash((int) shared));
        assertEquals(later, new SpymemcachedRing(pair, KetamaKeyFormat.SPYMEMCACHED).ownerOfHash(shared));
        List<ServerAddress> swapped = List.of(later, earlier);
        assertEquals(earlier, new KetamaNodeLocator(swapped, KetamaKeyFormat.SPYMEMCACHED).locateHash((int) shared));
        assertEquals(earlier, new SpymemcachedRing(swapped, KetamaKeyFormat.SPYMEMCACHED).ownerOfHash(shared));
    }

    /** The 160 ring points of {@code server}, computed here from its point keys, apart from the locator. */
    private static List<Long> independentPoints(ServerAddress server) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        List<Long> points = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            byte[] d = md5.digest(KetamaNodeLocator.pointKey(server, KetamaKeyFormat.SPYMEMCACHED, n)
                    .getBytes(StandardCharsets.UTF_8));
            for (int h = 0; h < 4; h++) {
                points.add(ByteBuffer.wrap(d, h * 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL);
            }
        }
        return points;
    }

    private static void assertSamePlacement(
            List<ServerAddress> servers, KetamaKeyFormat format, Map<ServerAddress, Integer> weights) {
        KetamaNodeLocator ours = new KetamaNodeLocator(servers, format, weights);
        SpymemcachedRing theirs = new SpymemcachedRing(servers, format, weights);
        List<String> mismatches = new ArrayList<>();
        Set<ServerAddress> used = new HashSet<>();
        for (String key : KEYS) {
            ServerAddress expected = theirs.primary(key);
            ServerAddress actual = ours.locate(key.getBytes(StandardCharsets.UTF_8));
            used.add(actual);
            if (!expected.equals(actual)) {
                mismatches.add(key + " -> ours " + actual + ", spymemcached " + expected);
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(5, mismatches.size())),
                mismatches.size() + " of " + KEYS.size() + " keys placed differently, first ones");
        assertEquals(new HashSet<>(servers), used, "every server should own some of the keys");
    }
}
