package io.cachette.memcached.internal.netty;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedClientBuilder;
import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.MemcachedTimeoutException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerState;
import io.cachette.memcached.testing.RoutedKeys;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking lane of {@link NettyMemcachedClient#incrBlocking}, against real memcached processes. */
class BlockingLaneTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(2);

    private List<ServerAddress> addresses;
    private NettyMemcachedClient client;
    private MemcachedClient other;

    @BeforeEach
    void connect() {
        addresses = ServerAddresses.of(servers);
        client = (NettyMemcachedClient) builder().build();
        other = builder().build();
    }

    @AfterEach
    void close() {
        client.close();
        other.close();
    }

    private MemcachedClientBuilder builder() {
        return MemcachedClient.builder().servers(addresses).operationTimeout(Duration.ofSeconds(5))
                .reconnectDelay(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    private String keyOn(int server, String prefix) {
        return RoutedKeys.on(client, addresses.get(server), prefix);
    }

    private static Long joined(MemcachedClient client, String key, long delta, long initial) {
        return BlockingMemcachedClient.join(client.incr(key, delta, initial, 0));
    }

    /** Waits, bounded, for background state changes (not a speed assertion). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void lane_createsWithTheSeed_readsAndSeesOtherClientsIncrements_likeTheNettyPath() {
        String key = keyOn(0, "head:");
        assertEquals(1_000L, client.incrBlocking(key, 0, 1_000, 0));
        assertEquals(1_000L, client.incrBlocking(key, 0, 7, 0), "an existing counter ignores the seed");
        assertEquals(1_005L, joined(other, key, 5, 0));
        assertEquals(1_005L, client.incrBlocking(key, 0, 7, 0));
        assertEquals(1_005L, joined(client, key, 0, 7));
        assertEquals(3, client.laneAnswers());
        assertEquals(1, client.lanesOpened());
    }

    @Test
    void nonZeroDelta_goesThroughNettyAlone_neverTheLane() {
        String key = keyOn(0, "delta:");
        assertEquals(1L, client.incrBlocking(key, 0, 1, 0));
        assertEquals(4L, client.incrBlocking(key, 3, 1, 0));
        assertEquals(4L, joined(other, key, 0, 0));
        assertEquals(1, client.laneAnswers(), "a request that may not be sent twice never takes the lane");
    }

    @Test
    void lane_readsUnsignedCountersAboveLongMaxValue_likeTheNettyPath() {
        String key = keyOn(1, "big:");
        long big = Long.parseUnsignedLong("18446744073709551610");
        assertEquals(big, client.incrBlocking(key, 0, big, 0));
        assertEquals(joined(other, key, 0, 0), client.incrBlocking(key, 0, 0, 0));
        assertEquals(2, client.laneAnswers());
    }

    @Test
    void lane_answersCountAsOperationsOfTheOwner() {
        String key = keyOn(1, "counted:");
        long before = client.metrics(addresses.get(1)).operations();
        client.incrBlocking(key, 0, 1, 0);
        assertEquals(before + 1, client.metrics(addresses.get(1)).operations());
    }

    @Test
    void nonNumericValue_throwsTheNettyPathsClientError_andTheLaneConnectsAnew() {
        String key = keyOn(0, "text:");
        client.incrBlocking(keyOn(0, "warm:"), 0, 1, 0);
        BlockingMemcachedClient.join(client.set(key, "abc".getBytes(StandardCharsets.US_ASCII), 0, 0));
        assertThrows(MemcachedClientErrorException.class, () -> joined(client, key, 0, 1));
        assertThrows(MemcachedClientErrorException.class, () -> client.incrBlocking(key, 0, 1, 0));
        assertEquals(1, client.laneAnswers());
        assertEquals(3L, client.incrBlocking(keyOn(0, "after:"), 0, 3, 0));
        assertEquals(2, client.lanesOpened(), "the socket that got the error line is not reused");
        assertEquals(2, client.laneAnswers());
    }

    @Test
    void killedOwner_failFast_throwsTheNettyPathsServerDownException() throws Exception {
        String key = keyOn(0, "killed:");
        client.incrBlocking(key, 0, 1, 0);
        servers.kill(0);
        Throwable lane = assertThrows(RuntimeException.class, () -> client.incrBlocking(key, 0, 1, 0));
        Throwable netty = assertThrows(RuntimeException.class, () -> joined(client, key, 0, 1));
        assertInstanceOf(MemcachedServerDownException.class, lane, lane.toString());
        assertEquals(netty.getClass(), lane.getClass());
        Throwable again = assertThrows(RuntimeException.class, () -> client.incrBlocking(key, 0, 1, 0));
        assertEquals(netty.getClass(), again.getClass());
        assertEquals(1, client.laneAnswers());
    }

    @Test
    void pausedOwner_throwsTheNettyPathsTimeout_andTheLaneRests() throws Exception {
        client.close();
        client = (NettyMemcachedClient) builder().operationTimeout(Duration.ofMillis(300))
                .reconnectDelay(Duration.ofMillis(10), Duration.ofSeconds(30)).build();
        String key = keyOn(1, "paused:");
        client.incrBlocking(key, 0, 1, 0);
        servers.pause(1);
        try {
            Throwable lane = assertThrows(RuntimeException.class, () -> client.incrBlocking(key, 0, 1, 0));
            Throwable netty = assertThrows(RuntimeException.class, () -> joined(client, key, 0, 1));
            assertInstanceOf(MemcachedTimeoutException.class, lane, lane.toString());
            assertEquals(netty.getClass(), lane.getClass());
            assertThrows(MemcachedTimeoutException.class, () -> client.incrBlocking(key, 0, 1, 0));
        } finally {
            servers.resume(1);
        }
        assertEquals(1, client.laneAnswers());
        assertEquals(1, client.lanesOpened(), "the resting lane did not connect again (a paused server accepts)");
    }

    @Test
    void killedOwner_failover_answersFromTheNextServerThroughNetty() throws Exception {
        client.close();
        client = (NettyMemcachedClient) builder().failurePolicy(FailurePolicy.FAILOVER).build();
        String key = keyOn(0, "failover:");
        client.incrBlocking(key, 0, 1, 0);
        servers.kill(0);
        await("server 0 marked down", () -> client.metrics(addresses.get(0)).state() == ServerState.DOWN);
        assertEquals(50L, client.incrBlocking(key, 0, 50, 0), "seeded on the next server");
        assertEquals(52L, joined(client, key, 2, 0));
        assertEquals(52L, client.incrBlocking(key, 0, 50, 0));
        assertEquals(1, client.laneAnswers(), "no lane while the owner is down");
        assertEquals(1, client.lanesOpened(), "the next server's lane is not used for a key it does not own");
    }

    @Test
    void laneClosedByServerRestart_reconnectsOnTheNextCall() throws Exception {
        String key = keyOn(1, "restart:");
        assertEquals(10L, client.incrBlocking(key, 0, 10, 0));
        servers.restart(1);
        await("server 1 re-admitted", () -> client.metrics(addresses.get(1)).state() == ServerState.UP);
        assertEquals(20L, client.incrBlocking(key, 0, 20, 0), "the restarted server is empty: seeded anew");
        assertEquals(2, client.lanesOpened());
        assertEquals(2, client.laneAnswers());
    }

    @Test
    void busyLane_callGoesThroughNetty_withoutWaiting() throws Exception {
        String key = keyOn(0, "busy:");
        client.incrBlocking(key, 0, 1, 0);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread holder = new Thread(() -> {
            client.lane(addresses.get(0)).lock().lock();
            try {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                failure.set(e);
            } finally {
                client.lane(addresses.get(0)).lock().unlock();
            }
        });
        holder.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            assertEquals(4L, joined(other, key, 3, 0));
            assertEquals(4L, client.incrBlocking(key, 0, 1, 0));
            assertEquals(1, client.laneAnswers(), "answered by Netty");
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        assertEquals(null, failure.get());
        assertEquals(4L, client.incrBlocking(key, 0, 1, 0));
        assertEquals(2, client.laneAnswers());
    }

    @Test
    void closedClient_throwsTheNettyPathsException_andClosesItsLanes() {
        String key = keyOn(0, "closed:");
        client.incrBlocking(key, 0, 1, 0);
        client.close();
        Throwable netty = assertThrows(RuntimeException.class, () -> joined(client, key, 0, 1));
        Throwable lane = assertThrows(RuntimeException.class, () -> client.incrBlocking(key, 0, 1, 0));
        assertEquals(netty.getClass(), lane.getClass());
        assertEquals(netty.getMessage(), lane.getMessage());
        assertEquals(1, client.laneAnswers());
        assertTrue(!client.lane(addresses.get(0)).connected(), "socket closed with the client");
    }
}
