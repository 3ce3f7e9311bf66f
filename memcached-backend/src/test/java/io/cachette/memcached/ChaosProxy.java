package io.cachette.memcached;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of one real memcached that drops connections at random: each connection gets a
 * random budget of server-to-client bytes (seeded), and when it is spent the proxy forwards part of the current
 * read and then closes both sides, often in the middle of a reply. After {@code maxCuts} cuts it forwards
 * faithfully, so a test can check that the client recovers. Two threads per connection; {@link #close()} ends
 * everything.
 */
final class ChaosProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final SplittableRandom random;
    private final int maxBudget;
    private final int maxCuts;
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param upstream  the memcached to forward to
     * @param seed      seeds the byte budgets
     * @param maxBudget a connection is cut after 1..maxBudget server-to-client bytes
     * @param maxCuts   cuts before the proxy turns faithful
     */
    ChaosProxy(InetSocketAddress upstream, long seed, int maxBudget, int maxCuts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = upstream;
        this.random = new SplittableRandom(seed);
        this.maxBudget = maxBudget;
        this.maxCuts = maxCuts;
        Thread acceptor = new Thread(this::accept, "chaos-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:<port>} of the proxy. */
    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Connections cut so far. */
    int cuts() {
        return cuts.get();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket backend = new Socket();
                backend.connect(upstream, 2_000);
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(backend);
                connections.incrementAndGet();
                long budget;
                synchronized (random) {
                    budget = 1 + random.nextInt(maxBudget);
                }
                pump(client, backend, Long.MAX_VALUE, "up");
                pump(backend, client, budget, "down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, long budget, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long left = budget;
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > left && cuts.get() < maxCuts) {
                        out.write(buffer, 0, (int) left); // part of this read, then the line goes dead
                        out.flush();
                        cuts.incrementAndGet();
                        return;
                    }
                    left -= n;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other direction closed the sockets
            }
        }, "chaos-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
