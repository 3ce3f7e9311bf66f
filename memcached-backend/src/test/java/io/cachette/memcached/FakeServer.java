package io.cachette.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving memcached on a local socket: answers {@code mn} probes properly and hands every other request
 * line to a scripted {@link Behaviour}, so tests can send malformed, split, endless or no replies.
 * One thread per connection; everything is closed by {@link #close()}.
 */
final class FakeServer implements AutoCloseable {

    /** What the fake does with one request line (never {@code mn}). */
    @FunctionalInterface
    interface Behaviour {
        void answer(String requestLine, String opaque, OutputStream out, int connection) throws IOException;
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final boolean answerProbes;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeServer(boolean answerProbes, Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.answerProbes = answerProbes;
        this.acceptor = new Thread(this::accept, "fake-memcached-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    ServerAddress address() {
        return new ServerAddress("127.0.0.1", server.getLocalPort());
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int number = connections.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket, number), "fake-memcached-" + number);
                serve.setDaemon(true);
                serve.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = readLine(in)) != null) {
                if (line.equals("mn")) {
                    if (answerProbes) {
                        out.write("MN\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    continue;
                }
                if (line.startsWith("ms ")) {
                    int size = Integer.parseInt(line.split(" ")[2]);
                    in.readNBytes(size + 2);
                }
                behaviour.answer(line, opaque(line), out, number);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client closed the connection, or the behaviour gave up
        }
    }

    private static String opaque(String line) {
        for (String token : line.split(" ")) {
            if (token.startsWith("O")) {
                return token;
            }
        }
        return "";
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() > 4096) {
                throw new IOException("request line too long");
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
