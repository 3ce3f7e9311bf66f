package io.cachette.samples.cluster;

import io.cachette.memcached.ServerAddress;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One memcached process that the cluster demo starts itself on a free 127.0.0.1 port, and can kill and
 * restart on the same port, so the demo needs nothing but the {@code memcached} binary.
 */
final class LocalMemcached implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final String binary;
    private final int port;
    private Process process;

    private LocalMemcached(String binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /**
     * The memcached binary: {@code explicit} if given, else {@code $MEMCACHED_BINARY}, else the first
     * {@code memcached} on the {@code PATH} or in {@code /usr/bin}, {@code /usr/local/bin}.
     */
    static Optional<String> findBinary(String explicit, Map<String, String> env) {
        List<String> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            String fromEnv = env.get("MEMCACHED_BINARY");
            if (fromEnv != null && !fromEnv.isBlank()) {
                candidates.add(fromEnv);
            }
            String path = env.getOrDefault("PATH", "");
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(dir + File.separator + "memcached");
                }
            }
            candidates.add("/usr/bin/memcached");
            candidates.add("/usr/local/bin/memcached");
        }
        return candidates.stream().filter(c -> Files.isRegularFile(Path.of(c)) && Files.isExecutable(Path.of(c)))
                .findFirst();
    }

    /** Starts a server on a free loopback port and waits until it accepts connections. */
    static LocalMemcached start(String binary) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            LocalMemcached server = new LocalMemcached(binary, freePort());
            try {
                server.startProcess();
                return server;
            } catch (IOException e) {
                // another process may have taken the port between probe and start: try another
                last = e;
                server.close();
            }
        }
        throw last;
    }

    /** Whether something accepts TCP connections at {@code host:port} (within a second). */
    static boolean reachable(String hostPort) {
        ServerAddress address = ServerAddress.parse(hostPort);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String hostPort() {
        return HOST + ":" + port;
    }

    /** SIGKILLs the server (no goodbye to its clients) and waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a fresh, empty server on the same port. */
    void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "-l", HOST, "-p", Integer.toString(port), "-U", "0",
                "-m", "32"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root")); // memcached refuses to run as root without -u
        }
        process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("memcached exited with code " + process.exitValue() + ": "
                        + String.join(" ", command));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("memcached did not accept connections within " + START_TIMEOUT_MILLIS + " ms: "
                + String.join(" ", command));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for memcached", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
