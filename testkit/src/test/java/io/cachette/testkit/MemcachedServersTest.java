package io.cachette.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared fixture itself: servers answer, and kill / pause / resume / restart do what they say. */
class MemcachedServersTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(2).withArgs("-m", "16");

    @Test
    void start_twoServers_bothAnswerOnDistinctPorts() throws IOException {
        assertNotEquals(servers.port(0), servers.port(1));
        assertTrue(servers.command(0, "version").startsWith("VERSION "));
        assertTrue(servers.command(1, "version").startsWith("VERSION "));
        assertEquals("memcached://127.0.0.1:" + servers.port(0) + ",127.0.0.1:" + servers.port(1), servers.uri());
    }

    @Test
    void withArgs_extraOptions_reachTheServer() throws IOException {
        // -m 16 → limit_maxbytes 16 MiB
        try (Socket socket = new Socket("127.0.0.1", servers.port(0))) {
            socket.getOutputStream().write("stats settings\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = readUntil(socket, "END\r\n");
            assertTrue(text.contains("STAT maxbytes 16777216"), text);
        }
    }

    @Test
    void kill_thenRestart_samePortServesAgainEmpty() throws IOException {
        int port = servers.port(0);
        assertEquals("STORED", servers.command(0, "set k 0 0 1\r\nx"));
        servers.kill(0);
        assertFalse(servers.isAlive(0));
        assertThrows(IOException.class, () -> servers.command(0, "version"));
        servers.restart(0);
        assertEquals(port, servers.port(0));
        assertEquals("END", servers.command(0, "get k"));
    }

    @Test
    void pause_serverStopsAnswering_resumeAnswersAgain() throws IOException {
        servers.pause(0);
        try (Socket socket = new Socket("127.0.0.1", servers.port(0))) {
            socket.setSoTimeout(200);
            socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
            servers.resume(0);
            socket.setSoTimeout(5_000);
            assertTrue(readUntil(socket, "\r\n").startsWith("VERSION "));
        }
    }

    private static String readUntil(Socket socket, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while (!text.toString().endsWith(end) && (b = socket.getInputStream().read()) >= 0) {
            text.append((char) b);
        }
        return text.toString();
    }
}
