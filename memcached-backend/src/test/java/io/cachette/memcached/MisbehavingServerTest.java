package io.cachette.memcached;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a fake server on a local socket that sends malformed, split, endless or no replies. */
class MisbehavingServerTest {

    private static MemcachedClient client(ServerAddress server, Duration timeout) {
        return MemcachedClient.builder()
                .servers(List.of(server))
                .operationTimeout(timeout)
                .reconnectDelay(Duration.ofMillis(10), Duration.ofMillis(100))
                .build();
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    /** Waits (bounded) until the condition holds; returns whether it did. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Test
    void malformedReply_failsWithProtocolException_resetsOnlyThatConnection_andServerStaysUsable() throws Exception {
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> {
            if (connection == 1) {
                out.write("VA garbage\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("EN " + opaque + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }); MemcachedClient client = client(fake.address(), Duration.ofSeconds(2))) {
            assertInstanceOf(MemcachedProtocolException.class, failure(client.get("k")));
            assertTrue(eventually(() -> fake.connections() >= 2), "the bad connection is replaced");
            assertTrue(eventually(() -> {
                try {
                    return client.get("k").join() == null;
                } catch (CompletionException e) {
                    return false;
                }
            }));
            assertEquals(ServerState.UP, client.metrics(fake.address()).state());
        }
    }

    @Test
    void replySplitIntoSingleBytes_isDecoded() throws Exception {
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> {
            byte[] reply = ("VA 5 f3 c9 t-1 " + opaque + "\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
            for (byte b : reply) {
                out.write(b);
                out.flush();
            }
        }); MemcachedClient client = client(fake.address(), Duration.ofSeconds(2))) {
            for (int i = 0; i < 3; i++) {
                Item item = client.get("k" + i).join();
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), item.value());
                assertEquals(3, item.flags());
            }
        }
    }

    @Test
    void neverEndingLine_isCutOffAfterTheLineLimit_withBoundedMemory() throws Exception {
        AtomicLong written = new AtomicLong();
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 4_096; i++) { // at most 256 MiB, far more than the client may buffer
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        }); MemcachedClient client = client(fake.address(), Duration.ofSeconds(5))) {
            assertInstanceOf(MemcachedProtocolException.class, failure(client.get("k")));
            assertTrue(eventually(() -> fake.connections() >= 2));
        }
        assertTrue(written.get() < 64L * 1024 * 1024, "server could write " + written.get() + " bytes");
    }

    @Test
    void neverEndingValue_isCutOffAtTheDeclaredSize() throws Exception {
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> {
            out.write(("VA 10 " + opaque + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 1_024; i++) {
                out.write(chunk);
            }
        }); MemcachedClient client = client(fake.address(), Duration.ofSeconds(5))) {
            assertInstanceOf(MemcachedProtocolException.class, failure(client.get("k")));
        }
    }

    @Test
    void serverThatAcceptsButNeverAnswers_operationsTimeOut_thenFailFastOnceDown() throws Exception {
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> { });
             MemcachedClient client = client(fake.address(), Duration.ofMillis(100))) {
            assertEquals(ServerState.UP, client.metrics(fake.address()).state());
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(MemcachedTimeoutException.class, failure(client.get("k" + i)));
            }
            assertEquals(ServerState.DOWN, client.metrics(fake.address()).state());
            assertInstanceOf(MemcachedServerDownException.class, failure(client.get("k")));
            assertEquals(3, client.metrics(fake.address()).timeouts());
        }
    }

    @Test
    void serverThatNeverAnswersEvenProbes_startsDown_andBuildDoesNotHang() throws Exception {
        try (FakeServer fake = new FakeServer(false, (line, opaque, out, connection) -> { });
             MemcachedClient client = MemcachedClient.builder().servers(List.of(fake.address()))
                     .operationTimeout(Duration.ofMillis(100)).connectTimeout(Duration.ofMillis(300)).build()) {
            assertEquals(ServerState.DOWN, client.metrics(fake.address()).state());
            assertInstanceOf(MemcachedServerDownException.class, failure(client.get("k")));
        }
    }

    @Test
    void unsolicitedExtraReply_resetsTheConnection() throws Exception {
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> {
            out.write(("EN " + opaque + "\r\nHD O999\r\n").getBytes(StandardCharsets.US_ASCII));
        }); MemcachedClient client = client(fake.address(), Duration.ofSeconds(2))) {
            assertNull(client.get("k").join());
            assertTrue(eventually(() -> fake.connections() >= 2), "the desynchronised connection is replaced");
        }
    }

    @Test
    void close_withOperationsInFlight_failsOrCompletesThem_andReleasesTheIoThreads() throws Exception {
        CompletableFuture<Item> pending;
        try (FakeServer fake = new FakeServer(true, (line, opaque, out, connection) -> { })) {
            MemcachedClient client = client(fake.address(), Duration.ofMillis(200));
            pending = client.get("k");
            client.close();
            assertTrue(pending.isDone());
            assertInstanceOf(MemcachedException.class, failure(pending));
            assertInstanceOf(MemcachedException.class, failure(client.get("k")));
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .noneMatch(t -> t.getName().startsWith("cachette-memcached")), "I/O threads still alive");
    }

    @Test
    void unreachableServer_startsDown_andOthersAreUnaffected() throws IOException {
        ServerAddress nowhere;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            nowhere = new ServerAddress("127.0.0.1", probe.getLocalPort());
        }
        try (MemcachedClient client = client(nowhere, Duration.ofMillis(200))) {
            assertEquals(ServerState.DOWN, client.metrics(nowhere).state());
            assertInstanceOf(MemcachedServerDownException.class, failure(client.set("k", new byte[0], 0, 0)));
        }
    }
}
