package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lane's strict reply parser, against a scripted server: the pooled connections (which open with an {@code mn}
 * probe) get {@code VA 2 O<opaque>\r\n42\r\n}; the lane's connection (no probe) gets the scripted reply, with
 * {@code <o>} replaced by the request's opaque and {@code |} splitting it into separately flushed parts.
 */
class BlockingLaneReplyTest {

    private static final Pattern OPAQUE = Pattern.compile(" O(\\d+)$");

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private NettyMemcachedClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void start(String laneReply) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread serve = new Thread(() -> serve(socket, laneReply), "lane-reply-fake");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "lane-reply-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        client = (NettyMemcachedClient) MemcachedClient.builder()
                .servers(List.of(new ServerAddress("127.0.0.1", server.getLocalPort())))
                .operationTimeout(Duration.ofMillis(500)).build();
    }

    private static void serve(Socket socket, String laneReply) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            boolean pooled = false;
            String line;
            while ((line = in.readLine()) != null) {
                Matcher opaque = OPAQUE.matcher(line);
                String o = opaque.find() ? opaque.group(1) : "";
                if (line.startsWith("mn")) {
                    pooled = true;
                    out.write("MN\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (pooled) {
                    out.write(("VA 2 O" + o + "\r\n42\r\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    for (String part : laneReply.replace("<o>", o).split("\\|")) {
                        out.write(part.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(20);
                    }
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the connection
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "VA 2 O<o>\r\n17\r\n",
            "V|A 2 O<o>\r|\n1|7\r|\n",
    })
    void successShape_evenSplit_isAnsweredByTheLane(String reply) throws IOException {
        start(reply);
        assertEquals(17L, client.incrBlocking("k", 0, 1, 0));
        assertEquals(1, client.laneAnswers());
        assertEquals(17L, client.incrBlocking("k", 0, 1, 0));
        assertEquals(1, client.lanesOpened(), "a socket after a complete reply is reused");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "VA 2 O999999\r\n17\r\n",                // another opaque
            "VA 2\r\n17\r\n",                        // no opaque
            "VA 2 O<o> t-1\r\n17\r\n",               // a flag not asked for
            "VA 2 O<o>\r\n17\r\nVA 2 O<o>\r\n17\r\n", // bytes after the reply
            "VA 2 O<o>\r\n1x\r\n",                   // not digits
            "VA 3 O<o>\r\n17\r\n",                   // size and value disagree
            "VA 21 O<o>\r\n123456789012345678901\r\n", // over 20 digits
            "VA 20 O<o>\r\n99999999999999999999\r\n", // over 2^64 - 1
            "VA 2 O<o>\n17\n",                       // bare line ends
            "NF O<o>\r\n",
            "EN\r\n",
            "HD O<o>\r\n",
            "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n",
            "SERVER_ERROR out of memory\r\n",
            "ERROR\r\n",
            "",                                       // no reply: the operation timeout
    })
    void anyOtherReply_goesThroughNetty_andTheSocketIsNotReused(String reply) throws IOException {
        start(reply);
        assertEquals(42L, client.incrBlocking("k", 0, 1, 0));
        assertEquals(0, client.laneAnswers());
        assertEquals(false, client.lane(client.servers().get(0)).connected());
    }

    @org.junit.jupiter.api.Test
    void overlongReply_goesThroughNetty() throws IOException {
        start("VA 2 O<o>" + " ".repeat(BlockingLane.MAX_REPLY) + "\r\n17\r\n");
        assertEquals(42L, client.incrBlocking("k", 0, 1, 0));
        assertEquals(0, client.laneAnswers());
    }
}
