package io.cachette.samples.cluster;

import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster demo's main flow against real memcached processes: the three it starts itself (spread, kill,
 * restart), and servers given with {@code --servers} (spread only).
 */
class ClusterDemoTest {

    @RegisterExtension
    static final MemcachedServers GIVEN = MemcachedServers.start(2);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void ownServers_spreadKillRestart_keysSpreadMissesCountedWhileDownAndServerReadmitted() throws Exception {
        ClusterDemo.Report report = ClusterDemo.run(ClusterDemo.Options.parse(new String[] {"--keys", "200"}),
                print(out), print(err));

        assertNotNull(report, text(err));
        String printed = text(out);
        assertEquals(3, report.itemsPerServer().size(), printed);
        assertTrue(report.itemsPerServer().values().stream().allMatch(items -> items > 0),
                "every server holds keys: " + report.itemsPerServer());
        assertEquals(200 + 1, sum(report.itemsPerServer()), "the keys plus one generation counter");
        assertEquals(200, report.hitsAllUp(), printed);

        long killedItems = report.itemsPerServer().get(report.killed());
        assertTrue(report.missesOneDown() > 0 && report.hitsOneDown() > 0, printed);
        assertEquals(200, report.hitsOneDown() + report.missesOneDown());
        assertTrue(report.missesOneDown() == killedItems || report.missesOneDown() == killedItems - 1,
                "misses are the killed server's keys: " + report.missesOneDown() + " vs " + killedItems + " items");
        assertTrue(report.storeCounters().failedReads() >= report.missesOneDown(), report.storeCounters().toString());
        assertTrue(report.storeCounters().droppedWrites() >= report.missesOneDown(), report.storeCounters().toString());

        assertTrue(report.readmittedMillis() >= 0, printed);
        assertTrue(report.itemsAfter().get(report.killed()) > 0, "the restarted server holds keys again: " + printed);
        assertTrue(printed.contains("Killed memcached on " + report.killed()), printed);
        assertTrue(printed.contains("re-admitted: after"), printed);
    }

    @Test
    void givenServers_spreadOnly_neverKillsThem() {
        int code = ClusterDemo.run(new String[] {"--keys", "100", "--servers", String.join(",", GIVEN.hostPorts())},
                print(out), print(err));

        assertEquals(0, code, text(err));
        assertTrue(text(out).contains("Using the memcached servers " + GIVEN.hostPort(0)), text(out));
        assertTrue(text(out).contains("Read them back: 100 of 100 hits"), text(out));
        assertTrue(text(out).contains("Skipping kill and restart"), text(out));
        assertTrue(GIVEN.isAlive(0) && GIVEN.isAlive(1));
    }

    @Test
    void givenServerNotListening_failsWithExitCode1NamingIt() throws Exception {
        String nobody = "127.0.0.1:" + freePort();
        int code = ClusterDemo.run(new String[] {"--servers", nobody}, print(out), print(err));

        assertEquals(1, code);
        assertTrue(text(err).contains("Cannot reach memcached at " + nobody), text(err));
    }

    @Test
    void memcachedMissing_saysHowToInstallAndExits1() {
        int code = ClusterDemo.run(new String[] {"--memcached", "/nonexistent/bin/memcached"}, print(out), print(err));

        assertEquals(1, code);
        assertTrue(text(err).contains("apt-get install memcached"), text(err));
    }

    @Test
    void help_printsUsageAndExits0_badArgumentsExit2() {
        assertEquals(0, ClusterDemo.run(new String[] {"--help"}, print(out), print(err)));
        assertTrue(text(out).startsWith("Usage: mvn"), text(out));
        assertEquals(2, ClusterDemo.run(new String[] {"--keys", "0"}, print(out), print(err)));
        assertEquals(2, ClusterDemo.run(new String[] {"--servers", "localhost:notaport"}, print(out), print(err)));
        assertEquals(2, ClusterDemo.run(new String[] {"--kill-everything"}, print(out), print(err)));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long sum(Map<String, Long> items) {
        return items.values().stream().mapToLong(Long::longValue).sum();
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
