package io.cachette.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Local {@code memcached} processes on free {@code 127.0.0.1} ports, for demos, tests and soak runs, with the
 * faults those inject: SIGKILL, SIGSTOP / SIGCONT, and restart on the same port. {@link #close()} kills them all,
 * and so does a shutdown hook if the JVM exits first. Not for production: the servers are throwaway processes of
 * the JVM that starts them.
 * <p>
 * Each server runs as {@code memcached -l 127.0.0.1 -p <port> -U 0} (plus {@code -u root} when the JVM runs as
 * root, which memcached needs then) plus the caller's options; {@link #start} returns once every server accepts
 * connections. The binary is {@code $MEMCACHED_BINARY}, else {@code memcached} on the {@code PATH} or in the usual
 * directories; when there is none {@link MemcachedBinaryNotFoundException} says to {@code apt-get install memcached}.
 */
public final class LocalMemcachedServers implements AutoCloseable {

    /** The address every server listens on. */
    public static final String HOST = "127.0.0.1";

    private static final List<String> FALLBACK_DIRS = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin",
            "/opt/homebrew/bin");
    private static final String INSTALL_HINT = "Debian/Ubuntu: apt-get install memcached; macOS: brew install memcached";
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final String binary;
    private final List<String> args;
    private final List<Server> servers;
    private final ShutdownHook shutdownHook = new ShutdownHook("local-memcached-shutdown", this::killAll);

    private LocalMemcachedServers(String binary, int count, List<String> args) {
        this.binary = binary;
        this.args = List.copyOf(args);
        List<Server> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(new Server());
        }
        this.servers = List.copyOf(all);
    }

    /**
     * Starts {@code count} servers of the binary {@link #findBinary()} finds, each with the extra memcached options
     * {@code args} (e.g. {@code "-m", "64"}).
     *
     * @throws MemcachedBinaryNotFoundException when memcached is not installed
     * @throws IOException                      when a server does not start (its output is in the message)
     */
    public static LocalMemcachedServers start(int count, String... args) throws IOException {
        return start(findBinary(), count, Arrays.asList(args));
    }

    /**
     * Starts {@code count} servers of {@code binary}, each with the extra memcached options {@code args}.
     *
     * @throws MemcachedBinaryNotFoundException when {@code binary} is not an executable file
     * @throws IOException                      when a server does not start (its output is in the message)
     */
    public static LocalMemcachedServers start(String binary, int count, List<String> args) throws IOException {
        Objects.requireNonNull(binary, "binary");
        if (count < 1) {
            throw new IllegalArgumentException("server count must be at least 1, was " + count);
        }
        if (!Files.isRegularFile(Path.of(binary)) || !Files.isExecutable(Path.of(binary))) {
            throw new MemcachedBinaryNotFoundException("the memcached binary " + binary + " is not an executable "
                    + "file. Install memcached (" + INSTALL_HINT + ") or name the right file.");
        }
        LocalMemcachedServers started = new LocalMemcachedServers(binary, count, args);
        started.shutdownHook.start(() -> {
            for (Server server : started.servers) {
                server.start(false);
            }
        }, started::close);
        return started;
    }

    /**
     * The memcached binary: {@code $MEMCACHED_BINARY}, else the first {@code memcached} on the {@code PATH}, in
     * {@code /usr/bin}, {@code /usr/local/bin}, {@code /usr/sbin} or {@code /opt/homebrew/bin}.
     *
     * @throws MemcachedBinaryNotFoundException naming {@code apt-get install memcached} (and the variable, when
     *                                          {@code $MEMCACHED_BINARY} names no executable file)
     */
    public static String findBinary() {
        return findBinary(System.getenv(), FALLBACK_DIRS);
    }

    static String findBinary(Map<String, String> env, List<String> fallbackDirs) {
        return Executables.configured(env, "MEMCACHED_BINARY", file -> Files.isExecutable(Path.of(file)),
                        file -> new MemcachedBinaryNotFoundException("MEMCACHED_BINARY=" + file + " is not an "
                                + "executable file. Install memcached (" + INSTALL_HINT + ") or fix the variable."))
                .or(() -> Executables.directoryOf("memcached", env, fallbackDirs)
                        .map(dir -> dir.resolve("memcached").toString()))
                .orElseThrow(() -> new MemcachedBinaryNotFoundException("memcached is not installed: no memcached "
                        + "binary on the PATH or in " + String.join(", ", fallbackDirs) + ". Install it ("
                        + INSTALL_HINT + ") or point MEMCACHED_BINARY at it."));
    }

    // ---------------------------------------------------------------- addresses

    /** The binary the servers run. */
    public String binary() {
        return binary;
    }

    /** How many servers run. */
    public int count() {
        return servers.size();
    }

    /** The port of server {@code index} (0-based); it stays the same across {@link #restart}s. */
    public int port(int index) {
        return server(index).port;
    }

    /** {@code 127.0.0.1:<port>} of server {@code index}. */
    public String hostPort(int index) {
        return HOST + ":" + port(index);
    }

    /** {@code 127.0.0.1:<port>} of every server, in index order. */
    public List<String> hostPorts() {
        List<String> all = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            all.add(hostPort(i));
        }
        return List.copyOf(all);
    }

    /** A memcached CacheManager URI over every server: {@code memcached://127.0.0.1:p1,127.0.0.1:p2}. */
    public String uri() {
        return "memcached://" + String.join(",", hostPorts());
    }

    // ---------------------------------------------------------------- faults

    /** Whether server {@code index} has a live process (a paused server is alive). */
    public boolean isAlive(int index) {
        Process process = server(index).process;
        return process != null && process.isAlive();
    }

    /** Whether server {@code index} is stopped by {@link #pause}. */
    public boolean isPaused(int index) {
        return server(index).paused;
    }

    /** SIGKILLs server {@code index} (no goodbye to its clients) and waits until the process is gone. */
    public synchronized void kill(int index) {
        server(index).kill();
    }

    /**
     * SIGSTOPs server {@code index}: connections stay open but nothing is answered until {@link #resume}. Returns
     * once every thread of the process is stopped (a signal is delivered asynchronously: a request sent right after
     * {@code kill} returned could otherwise still be answered).
     */
    public synchronized void pause(int index) {
        Server server = server(index);
        server.signal("STOP");
        server.paused = true;
        server.awaitStopped();
    }

    /** SIGCONTs a server stopped with {@link #pause}. */
    public synchronized void resume(int index) {
        Server server = server(index);
        server.signal("CONT");
        server.paused = false;
    }

    /** Kills server {@code index} (if it runs) and starts a fresh, empty one on the same port. */
    public synchronized void restart(int index) throws IOException {
        Server server = server(index);
        server.kill();
        server.start(true);
    }

    /** Resumes every paused server and restarts (empty, same port) every dead one. */
    public synchronized void heal() throws IOException {
        for (Server server : servers) {
            if (server.paused) {
                server.signal("CONT");
                server.paused = false;
            }
            Process process = server.process;
            if (process == null || !process.isAlive()) {
                server.start(true);
            }
        }
    }

    /** Kills every server and waits until they are gone; closing twice does nothing more. */
    @Override
    public synchronized void close() {
        killAll();
        shutdownHook.remove();
    }

    // ---------------------------------------------------------------- internals

    private Server server(int index) {
        return servers.get(Objects.checkIndex(index, servers.size()));
    }

    /** Unsynchronized: the shutdown hook must not wait for a start in progress. SIGKILL also ends a stopped process. */
    private void killAll() {
        for (Server server : servers) {
            try {
                server.kill();
            } catch (RuntimeException ignored) {
                // best effort: kill the others
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** One memcached process; its port stays the same across restarts. */
    private final class Server {
        private volatile int port;
        private volatile Process process;
        private volatile boolean paused;
        private Path log;

        /** Starts the process on {@code samePort} or a free port, trying again (on a fresh free port) if it fails. */
        void start(boolean samePort) throws IOException {
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                if (!samePort) {
                    // another process may take the free port before memcached binds it: then try another
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
            List<String> command = new ArrayList<>(List.of(binary, "-l", HOST, "-p", Integer.toString(port), "-U", "0"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "root")); // memcached refuses to run as root without -u
            }
            command.addAll(args);
            if (log == null) {
                log = Files.createTempFile("memcached-", ".log");
                log.toFile().deleteOnExit();
            }
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process = started;
            paused = false;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            while (System.nanoTime() < deadline) {
                if (!started.isAlive()) {
                    throw new IOException("memcached " + String.join(" ", command) + " exited with "
                            + started.exitValue() + ": " + logText());
                }
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(HOST, port), 500);
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
            if (p != null && p.isAlive()) {
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
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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

        /** Waits, bounded by 2 s, until every thread of the process shows state T in /proc (Linux; no-op elsewhere). */
        void awaitStopped() {
            Process p = process;
            Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (Files.isDirectory(tasks) && System.nanoTime() - deadline < 0) {
                if (allThreadsStopped(tasks)) {
                    return;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static boolean allThreadsStopped(Path tasks) {
            try (var threads = Files.list(tasks)) {
                return threads.allMatch(thread -> {
                    try {
                        String stat = Files.readString(thread.resolve("stat"));
                        char state = stat.charAt(stat.lastIndexOf(')') + 2);
                        return state == 'T' || state == 't';
                    } catch (IOException | RuntimeException e) {
                        return true; // the thread is gone
                    }
                });
            } catch (IOException e) {
                return false;
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
