package io.cachette.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's own contract: finding the binary, and what {@code heal} and {@code close} do to the processes.
 * Kill, pause, resume and restart are tested through the shared fixture that delegates to it
 * ({@code MemcachedServersTest}).
 */
class LocalMemcachedServersTest {

    @Test
    void findBinary_missing_failsNamingTheInstallCommand() {
        MemcachedBinaryNotFoundException e = assertThrows(MemcachedBinaryNotFoundException.class,
                () -> LocalMemcachedServers.findBinary(Map.of("PATH", "/nonexistent-dir"), List.of()));
        assertTrue(e.getMessage().contains("apt-get install memcached"), e.getMessage());
    }

    @Test
    void findBinary_badOverride_failsNamingTheVariable() {
        MemcachedBinaryNotFoundException e = assertThrows(MemcachedBinaryNotFoundException.class,
                () -> LocalMemcachedServers.findBinary(Map.of("MEMCACHED_BINARY", "/nonexistent/memcached"), List.of()));
        assertTrue(e.getMessage().contains("MEMCACHED_BINARY"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install memcached"), e.getMessage());
    }

    @Test
    void start_binaryNotExecutable_failsNamingTheInstallCommand() {
        MemcachedBinaryNotFoundException e = assertThrows(MemcachedBinaryNotFoundException.class,
                () -> LocalMemcachedServers.start("/nonexistent/bin/memcached", 1, List.of()));
        assertTrue(e.getMessage().contains("/nonexistent/bin/memcached"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install memcached"), e.getMessage());
    }

    @Test
    void start_noServers_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> LocalMemcachedServers.start(0));
    }

    @Test
    void heal_pausedAndKilledServers_resumedAndRestartedOnTheirPorts() throws IOException {
        try (LocalMemcachedServers servers = LocalMemcachedServers.start(2, "-m", "16")) {
            int killedPort = servers.port(1);
            servers.pause(0);
            servers.kill(1);

            servers.heal();

            assertFalse(servers.isPaused(0));
            assertTrue(answersVersion(servers.port(0)), "the paused server answers again");
            assertEquals(killedPort, servers.port(1));
            assertTrue(answersVersion(servers.port(1)), "the killed server runs again on its port");
        }
    }

    @Test
    void close_everyServer_processesGoneAndPortsClosed() throws IOException {
        LocalMemcachedServers servers = LocalMemcachedServers.start(2, "-m", "16");
        servers.close();

        assertFalse(servers.isAlive(0));
        assertFalse(servers.isAlive(1));
        assertFalse(accepts(servers.port(0)));
        assertFalse(accepts(servers.port(1)));
    }

    private static boolean answersVersion(int port) throws IOException {
        try (Socket socket = new Socket(LocalMemcachedServers.HOST, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[8];
            return socket.getInputStream().readNBytes(reply, 0, reply.length) == reply.length
                    && new String(reply, StandardCharsets.US_ASCII).equals("VERSION ");
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalMemcachedServers.HOST, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
