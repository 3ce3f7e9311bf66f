package io.cachette.samples.bookstore;

import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bookstore demo's main flow, on the local store and on real memcached servers, on H2 and on a throwaway
 * PostgreSQL server, and its command line.
 */
class BookstoreDemoTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(2);

    private static final String[] SMALL = {"--authors", "20", "--books", "150", "--reviews", "300", "--requests", "200"};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void localBackend_sameWorkload_cacheOnSendsFewerStatementsHitsL2AndQueryCacheAndReadsTheSameData() {
        Bookstore.Report[] reports = BookstoreDemo.run(BookstoreDemo.Options.parse(SMALL), print(out), print(err));

        assertNotNull(reports, text(err));
        assertCacheWorked(reports[0], reports[1]);
        String printed = text(out);
        assertTrue(printed.contains("(local store)"), printed);
        assertTrue(printed.contains("SQL statements"), printed);
        assertTrue(printed.contains("L2 hit ratio"), printed);
        assertTrue(printed.contains("Query-cache hits"), printed);
        assertTrue(printed.contains("fewer SQL statements and read the same data"), printed);
    }

    @Test
    void memcachedBackend_sameWorkload_cacheOnSendsFewerStatementsAndReadsTheSameData() {
        String[] args = concat(SMALL, "--backend", "memcached", "--servers", String.join(",", MEMCACHED.hostPorts()));
        Bookstore.Report[] reports = BookstoreDemo.run(BookstoreDemo.Options.parse(args), print(out), print(err));

        assertNotNull(reports, text(err));
        assertCacheWorked(reports[0], reports[1]);
        assertTrue(text(out).contains("(memcached " + MEMCACHED.hostPort(0)), text(out));
    }

    @Test
    void postgresDatabase_sameWorkload_localAndMemcachedWithAndWithoutNearTierSendFewerStatementsAndReadTheSameData() {
        // no --servers: the demo starts its own throwaway memcached servers, as it does PostgreSQL
        String[] args = concat(SMALL, "--database", "postgres");
        Bookstore.Report[] reports = BookstoreDemo.run(BookstoreDemo.Options.parse(args), print(out), print(err));

        assertNotNull(reports, text(err));
        assertEquals(4, reports.length);
        assertCacheWorked(reports[0], reports[1]);
        assertCacheWorked(reports[0], reports[2]);
        assertCacheWorked(reports[0], reports[3]);
        String printed = text(out);
        assertTrue(printed.contains("a throwaway PostgreSQL server (127.0.0.1:"), printed);
        assertTrue(printed.matches("(?s).*\\s+no L2\\s+local\\s+memcached\\s+memcached\\+near\\n.*"), printed);
        assertTrue(printed.contains("every run read the same data"), printed);
    }

    @Test
    void postgresDatabase_withBackend_exit2() {
        assertEquals(2, BookstoreDemo.run(new String[] {"--database", "postgres", "--backend", "local"}, print(out),
                print(err)));
        assertTrue(text(err).contains("--backend goes with --database h2"), text(err));
    }

    @Test
    void memcachedBackend_serverNotListening_failsWithExitCode1NamingTheServer() throws IOException {
        String nobody = "127.0.0.1:" + freePort();
        int code = BookstoreDemo.run(new String[] {"--backend", "memcached", "--servers", nobody}, print(out), print(err));

        assertEquals(1, code);
        assertTrue(text(err).contains("Cannot reach memcached at " + nobody), text(err));
    }

    @Test
    void memcachedBackend_isFoundThroughTheStoreFactoryServiceLoader() {
        assertTrue(BookstoreDemo.memcachedBackendAvailable());
    }

    @Test
    void help_printsUsageAndExits0() {
        assertEquals(0, BookstoreDemo.run(new String[] {"--help"}, print(out), print(err)));
        assertTrue(text(out).startsWith("Usage: mvn"), text(out));
        assertTrue(text(out).contains("--backend local|memcached"), text(out));
        assertTrue(text(out).contains("--database h2|postgres"), text(out));
    }

    @Test
    void badArguments_exit2WithAReason() {
        assertEquals(2, BookstoreDemo.run(new String[] {"--backend", "memcached"}, print(out), print(err)));
        assertTrue(text(err).contains("--backend memcached needs --servers"), text(err));
        assertEquals(2, BookstoreDemo.run(new String[] {"--books", "many"}, print(out), print(err)));
        assertEquals(2, BookstoreDemo.run(new String[] {"--servers", "nohost"}, print(out), print(err)));
        assertEquals(2, BookstoreDemo.run(new String[] {"--frobnicate"}, print(out), print(err)));
        assertEquals(2, BookstoreDemo.run(new String[] {"--database", "oracle"}, print(out), print(err)));
    }

    private static void assertCacheWorked(Bookstore.Report off, Bookstore.Report on) {
        assertEquals(off.checksum(), on.checksum(), "both runs must read the same data");
        assertTrue(on.sqlStatements() * 2 < off.sqlStatements(),
                "cache on: " + on.sqlStatements() + " statements, off: " + off.sqlStatements());
        assertEquals(0, off.l2Hits() + off.l2Misses() + off.queryCacheHits());
        assertTrue(on.l2HitRatio() > 0.5, "L2 hit ratio " + on.l2HitRatio());
        assertTrue(on.queryCacheHits() > 0, "query-cache hits " + on.queryCacheHits());
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
