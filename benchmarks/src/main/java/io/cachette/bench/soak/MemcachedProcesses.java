package io.cachette.bench.soak;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak run's own memcached processes on free 127.0.0.1 ports, with the faults the harness injects (SIGKILL and
 * restart on the same port, SIGSTOP / SIGCONT); {@link #close()} kills them all, also from a shutdown hook.
 */
final class MemcachedProcesses implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String binary;
    private final int[] ports;
    private final Process[] processes;
    private final boolean[] paused;
    private final Thread shutdownHook = new Thread(this::killAll, "soak-memcached-shutdown");

    private MemcachedProcesses(String binary, int count) {
        this.binary = binary;
        this.ports = new int[count];
        this.processes = new Process[count];
        this.paused = new boolean[count];
    }

    /** Starts {@code count} servers on free loopback ports and registers the shutdown hook that stops them. */
    static MemcachedProcesses start(int count) throws IOException {
        MemcachedProcesses servers = new MemcachedProcesses(findBinary(), count);
        Runtime.getRuntime().addShutdownHook(servers.shutdownHook);
        try {
            for (int i = 0; i < count; i++) {
                servers.ports[i] = freePort();
                servers.launch(i);
            }
        } catch (IOException | RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    int count() {
        return ports.length;
    }

    /** {@code 127.0.0.1:<port>} of server {@code index}. */
    String hostPort(int index) {
        return "127.0.0.1:" + ports[index];
    }

    /** The cache manager URI over every server. */
    String uri() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            all.add(hostPort(i));
        }
        return "memcached://" + String.join(",", all);
    }

    /** SIGKILLs server {@code index} and waits until it is gone. */
    synchronized void kill(int index) throws InterruptedException {
        Process p = processes[index];
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("memcached pid " + p.pid() + " survived SIGKILL");
            }
        }
        paused[index] = false;
    }

    /** Starts a fresh, empty server {@code index} on its old port. */
    synchronized void restart(int index) throws IOException, InterruptedException {
        kill(index);
        launch(index);
    }

    /** SIGSTOPs server {@code index}. */
    synchronized void pause(int index) throws IOException, InterruptedException {
        signal(index, "STOP");
        paused[index] = true;
    }

    /** SIGCONTs server {@code index}. */
    synchronized void resume(int index) throws IOException, InterruptedException {
        signal(index, "CONT");
        paused[index] = false;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
    }

    private synchronized void killAll() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly(); // SIGKILL also ends a SIGSTOPped process
            }
        }
    }

    private void signal(int index, String name) throws IOException, InterruptedException {
        Process p = processes[index];
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("memcached " + hostPort(index) + " is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + p.pid() + " failed");
        }
    }

    private void launch(int index) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "-l", "127.0.0.1", "-p", Integer.toString(ports[index]),
                "-U", "0", "-m", "64", "-t", "1"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes[index] = p;
        paused[index] = false;
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("memcached " + String.join(" ", command) + " exited with " + p.exitValue());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", ports[index]), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while memcached starts", e);
                }
            }
        }
        throw new IOException("memcached on port " + ports[index] + " did not accept connections within 10 s");
    }

    private static String findBinary() {
        String configured = System.getenv("MEMCACHED_BINARY");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin:/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "memcached");
            if (!dir.isEmpty() && candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException("the soak harness needs memcached: apt-get install memcached "
                + "(or set MEMCACHED_BINARY)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
