package io.cachette.memcached.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one shared JUnit 5 fixture that runs real {@code memcached} processes on free loopback ports, so every
 * module's integration tests talk to the real server instead of a fake.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemcachedServers servers = MemcachedServers.start(3);              // per class
 * @RegisterExtension
 * final MemcachedServers one = MemcachedServers.start(1).withArgs("-I", "2m");    // per test
 * }</pre>
 *
 * Registered on a static field the servers live for the whole class (a killed or paused server is
 * restarted/resumed before the next test); on an instance field they live for one test. Each server runs as
 * {@code memcached -l 127.0.0.1 -p <port> -U 0} (plus {@code -u root} when the JVM runs as root) and the
 * extension waits until it accepts connections. When the binary is missing the tests FAIL with a message that
 * says to {@code apt-get install memcached}: a missing server must never turn into silently skipped tests.
 * <p>
 * The binary is looked up in {@code $MEMCACHED_BINARY}, then on the {@code PATH}. Depends on nothing but
 * JUnit 5 and the JDK so that other modules can use it from this module's test-jar.
 */
public final class MemcachedServers
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final int count;
    private final List<String> extraArgs;
    private final List<Server> servers = new ArrayList<>();
    private boolean classScoped;
    private Thread shutdownHook;

    private MemcachedServers(int count, List<String> extraArgs) {
        this.count = count;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** An extension that runs {@code count} memcached servers (started when the test class or test begins). */
    public static MemcachedServers start(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("server count must be at least 1, was " + count);
        }
        return new MemcachedServers(count, List.of());
    }

    /** The same extension with extra memcached command-line options for every server, e.g. {@code "-I", "2m"}. */
    public MemcachedServers withArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(Arrays.asList(args));
        return new MemcachedServers(count, all);
    }

    // ---------------------------------------------------------------- JUnit lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classScoped = true;
        startAll();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (classScoped) {
            heal();
        } else {
            startAll();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            stopAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    // ---------------------------------------------------------------- addresses

    /** How many servers this extension runs. */
    public int count() {
        return count;
    }

    /** The host the servers listen on: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port of server {@code index} (0-based). */
    public int port(int index) {
        return server(index).port;
    }

    /** {@code 127.0.0.1:<port>} of server {@code index}. */
    public String hostPort(int index) {
        return host() + ":" + port(index);
    }

    /** {@code 127.0.0.1:<port>} of every server, in index order. */
    public List<String> hostPorts() {
        List<String> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(hostPort(i));
        }
        return List.copyOf(all);
    }

    /** The socket address of server {@code index}. */
    public InetSocketAddress socketAddress(int index) {
        return new InetSocketAddress(host(), port(index));
    }

    /** A memcached CacheManager URI over all servers: {@code memcached://127.0.0.1:p1,127.0.0.1:p2}. */
    public String uri() {
        return "memcached://" + String.join(",", hostPorts());
    }

    // ---------------------------------------------------------------- fault injection

    /** SIGKILLs server {@code index} and waits until the process is gone. */
    public void kill(int index) {
        server(index).kill();
    }

    /** SIGSTOPs server {@code index}: connections stay open but nothing is answered until {@link #resume}. */
    public void pause(int index) {
        server(index).signal("STOP");
        server(index).paused = true;
    }

    /** SIGCONTs a server paused with {@link #pause}. */
    public void resume(int index) {
        server(index).signal("CONT");
        server(index).paused = false;
    }

    /** Kills server {@code index} (if it runs) and starts a fresh, empty one on the same port. */
    public void restart(int index) throws IOException {
        Server s = server(index);
        s.kill();
        s.start(true);
    }

    /** Whether server {@code index} has a live process (a paused server is alive). */
    public boolean isAlive(int index) {
        Server s = server(index);
        return s.process != null && s.process.isAlive();
    }

    /** Sends {@code flush_all} to every live, unpaused server. */
    public void flushAll() throws IOException {
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            if (s.process != null && s.process.isAlive() && !s.paused) {
                String reply = command(i, "flush_all");
                if (!reply.startsWith("OK")) {
                    throw new IOException("flush_all on " + hostPort(i) + " answered " + reply);
                }
            }
        }
    }

    /**
     * Sends one text-protocol command line to server {@code index} and returns its first reply line (without
     * {@code \r\n}); handy to check server state independently of the client under test.
     */
    public String command(int index, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(socketAddress(index), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    reply.append((char) b);
                }
            }
            return reply.toString();
        }
    }

    // ---------------------------------------------------------------- internals

    private Server server(int index) {
        if (servers.isEmpty()) {
            throw new IllegalStateException("memcached servers are not running: register the extension with "
                    + "@RegisterExtension and use it from a test (or @BeforeAll/@BeforeEach after it started)");
        }
        Objects.checkIndex(index, count);
        return servers.get(index);
    }

    private synchronized void startAll() throws IOException {
        if (!servers.isEmpty()) {
            return;
        }
        String binary = findBinary();
        try {
            for (int i = 0; i < count; i++) {
                Server s = new Server(binary);
                servers.add(s);
                s.start(false);
            }
        } catch (IOException | RuntimeException e) {
            stopAll();
            throw e;
        }
        shutdownHook = new Thread(this::killQuietly, "memcached-servers-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void heal() throws IOException {
        for (Server s : servers) {
            if (s.paused) {
                s.signal("CONT");
                s.paused = false;
            }
            if (s.process == null || !s.process.isAlive()) {
                s.start(true);
            }
        }
    }

    private synchronized void stopAll() {
        killQuietly();
        servers.clear();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    private void killQuietly() {
        for (Server s : servers) {
            try {
                s.kill();
            } catch (RuntimeException ignored) {
                // best effort at shutdown
            }
        }
    }

    private static String findBinary() {
        return findBinary(System.getenv(), List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin"));
    }

    /**
     * The memcached binary from {@code MEMCACHED_BINARY}, the {@code PATH} or {@code fallbackDirs}.
     *
     * @throws IllegalStateException (never an assumption failure: tests must fail, not skip) naming
     *                               {@code apt-get install memcached}
     */
    static String findBinary(java.util.Map<String, String> env, List<String> fallbackDirs) {
        String configured = env.get("MEMCACHED_BINARY");
        if (configured != null && !configured.isBlank()) {
            if (Files.isExecutable(Path.of(configured))) {
                return configured;
            }
            throw new IllegalStateException("MEMCACHED_BINARY=" + configured + " is not an executable file. "
                    + "Install memcached (Debian/Ubuntu: apt-get install memcached) or fix the variable.");
        }
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(fallbackDirs);
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "memcached");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("memcached integration tests need the memcached binary, which is not on "
                + "the PATH. Install it (Debian/Ubuntu: apt-get install memcached; macOS: brew install memcached) "
                + "or point MEMCACHED_BINARY at it.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** One memcached process; the port stays the same across restarts. */
    private final class Server {
        private final String binary;
        private int port;
        private Process process;
        private Path log;
        private volatile boolean paused;

        Server(String binary) {
            this.binary = binary;
        }

        void start(boolean samePort) throws IOException {
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                if (!samePort) {
                    port = freePort();
                }
                try {
                    launch();
                    return;
                } catch (IOException e) {
                    last = e;
                    kill();
                }
            }
            throw last;
        }

        private void launch() throws IOException {
            List<String> command = new ArrayList<>(List.of(binary, "-l", "127.0.0.1", "-p",
                    Integer.toString(port), "-U", "0"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "root"));
            }
            command.addAll(extraArgs);
            log = Files.createTempFile("memcached-" + port + "-", ".log");
            log.toFile().deleteOnExit();
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            paused = false;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("memcached " + String.join(" ", command) + " exited with "
                            + process.exitValue() + ": " + logText());
                }
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return;
                } catch (IOException notYet) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for memcached on port " + port, e);
                    }
                }
            }
            throw new IOException("memcached on port " + port + " did not accept connections within "
                    + START_TIMEOUT_MILLIS + " ms: " + logText());
        }

        void kill() {
            Process p = process;
            if (p == null) {
                return;
            }
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL on Unix
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("memcached pid " + p.pid() + " did not die after SIGKILL");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            paused = false;
        }

        void signal(String name) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("memcached on port " + port + " is not running");
            }
            try {
                Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                        .redirectErrorStream(true).start();
                if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot send SIG" + name + " to memcached pid " + p.pid(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted sending SIG" + name, e);
            }
        }

        private String logText() {
            try {
                return Files.readString(log).strip();
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
