package io.cachette.memcached;

import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import io.cachette.memcached.testing.RoutedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers that die, hang and come back, with real memcached processes. */
class FailureHandlingTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(3);

    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private List<ServerAddress> addresses;
    private MemcachedClient client;

    @BeforeEach
    void connect() {
        addresses = ServerAddresses.of(servers);
        client = builder().operationTimeout(Duration.ofSeconds(5)).build();
    }

    /** The client under test, before its timeout; subclasses vary the transport. */
    MemcachedClientBuilder builder() {
        return MemcachedClient.builder()
                .servers(addresses)
                .reconnectDelay(Duration.ofMillis(10), Duration.ofMillis(100))
                .stateListener((server, from, to) -> transitions.add(addresses.indexOf(server) + ":" + from + "->" + to));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private String keyOn(int server, String prefix) {
        return RoutedKeys.on(client, addresses.get(server), prefix);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    /** Waits, bounded, for background re-admission (not a speed assertion). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void killedMidPipeline_inflightFailWithServerDown_othersKeepWorking_restartIsReadmitted() throws Exception {
        String victimKey = keyOn(0, "victim:");
        String otherKey = keyOn(1, "other:");
        client.set(victimKey, bytes("v"), 0, 0).join();
        servers.pause(0); // the pipeline fills up unanswered, then the server dies under it
        List<CompletableFuture<Void>> inflight = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            inflight.add(client.set(victimKey, bytes("value-" + i), 0, 0));
        }
        servers.kill(0);
        for (CompletableFuture<Void> op : inflight) {
            Throwable failure = failure(op);
            assertInstanceOf(MemcachedServerDownException.class, failure, failure.toString());
        }
        assertEquals(ServerState.DOWN, client.metrics(addresses.get(0)).state());
        assertInstanceOf(MemcachedServerDownException.class, failure(client.get(victimKey)));
        client.set(otherKey, bytes("fine"), 0, 0).join();
        assertArrayEquals(bytes("fine"), client.get(otherKey).join().value());

        servers.restart(0);
        await("server 0 re-admitted", () -> client.metrics(addresses.get(0)).state() == ServerState.UP);
        client.set(victimKey, bytes("back"), 0, 0).join();
        assertArrayEquals(bytes("back"), client.get(victimKey).join().value());
        assertEquals(1, client.metrics(addresses.get(0)).reconnects());
        assertTrue(transitions.containsAll(List.of("0:UP->DOWN", "0:DOWN->UP")), transitions.toString());
    }

    @Test
    void pausedServer_timesOut_isMarkedDownAfterThreshold_andReadmittedWhenResumed() throws Exception {
        client.close();
        client = builder().operationTimeout(Duration.ofSeconds(1)).build();
        String key = keyOn(2, "paused:");
        String otherKey = keyOn(0, "fine:");
        client.set(key, bytes("v"), 0, 0).join();
        servers.pause(2);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(MemcachedTimeoutException.class, failure(client.get(key)));
        }
        assertEquals(ServerState.DOWN, client.metrics(addresses.get(2)).state());
        assertInstanceOf(MemcachedServerDownException.class, failure(client.get(key)));
        assertEquals(3, client.metrics(addresses.get(2)).timeouts());
        client.set(otherKey, bytes("x"), 0, 0).join();

        servers.resume(2);
        await("server 2 re-admitted", () -> client.metrics(addresses.get(2)).state() == ServerState.UP);
        assertArrayEquals(bytes("v"), client.get(key).join().value());
    }

    @Test
    void failoverPolicy_sendsKeysOfADownServerToTheNextOne() throws Exception {
        client.close();
        client = builder().operationTimeout(Duration.ofSeconds(5)).failurePolicy(FailurePolicy.FAILOVER).build();
        String key = keyOn(1, "fo:");
        servers.kill(1);
        await("server 1 marked down", () -> {
            client.get(key); // traffic is not needed: the lost connection marks it down
            return client.metrics(addresses.get(1)).state() == ServerState.DOWN;
        });
        client.set(key, bytes("elsewhere"), 0, 0).join();
        assertArrayEquals(bytes("elsewhere"), client.get(key).join().value());
    }

    @Test
    void multiGet_withOneServerDown_failsFastWithServerDown() throws Exception {
        List<String> keys = List.of(keyOn(0, "m:"), keyOn(1, "m:"), keyOn(2, "m:"));
        servers.kill(2);
        await("server 2 marked down", () -> client.metrics(addresses.get(2)).state() == ServerState.DOWN);
        assertInstanceOf(MemcachedServerDownException.class, failure(client.getMulti(keys)));
        assertEquals(0, client.getMulti(keys.subList(0, 2)).join().size());
    }

    @Test
    void multiGetPartial_withOneServerDown_returnsTheOthersHits_andNamesTheDownServersKeys() throws Exception {
        List<String> keys = List.of(keyOn(0, "p:"), keyOn(1, "p:"), keyOn(2, "p:"), keyOn(1, "p:x"));
        for (String key : keys) {
            client.set(key, bytes(key), 0, 0).join();
        }
        MultiGetResult all = client.getMultiPartial(keys).join();
        assertTrue(all.isComplete());
        assertEquals(4, all.items().size());

        servers.kill(2);
        await("server 2 marked down", () -> client.metrics(addresses.get(2)).state() == ServerState.DOWN);
        MultiGetResult partial = client.getMultiPartial(java.util.stream.Stream.concat(keys.stream(),
                java.util.stream.Stream.of(keyOn(0, "p:absent"))).toList()).join();
        assertEquals(java.util.Set.of(keys.get(0), keys.get(1), keys.get(3)), partial.items().keySet());
        assertArrayEquals(bytes(keys.get(1)), partial.items().get(keys.get(1)).value());
        assertEquals(java.util.Set.of(keys.get(2)), partial.failures().keySet());
        assertInstanceOf(MemcachedServerDownException.class, partial.failures().get(keys.get(2)));
        assertInstanceOf(IllegalKeyException.class, failure(client.getMultiPartial(List.of("ok", "not ok"))));
    }

    @Test
    void severalConnectionsPerServer_allServeAndAllAreReplacedAfterRestart() throws Exception {
        client.close();
        client = builder().operationTimeout(Duration.ofSeconds(5)).connectionsPerServer(3).build();
        List<CompletableFuture<Void>> sets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sets.add(client.set("c:" + i, bytes("v" + i), 0, 0));
        }
        CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new)).join();
        servers.restart(0);
        await("server 0 re-admitted", () -> {
            client.get("probe");
            return client.metrics(addresses.get(0)).reconnects() == 1
                    && client.metrics(addresses.get(0)).state() == ServerState.UP;
        });
        for (int i = 0; i < 300; i++) {
            String key = "c:" + i;
            CompletableFuture<Item> get = client.get(key);
            if (client.serverFor(key).equals(addresses.get(0))) {
                assertEquals(null, get.join(), "restarted server is empty");
            } else {
                assertArrayEquals(bytes("v" + i), get.join().value());
            }
        }
        assertTrue(Integer.parseInt(client.stats(addresses.get(0)).join().get("curr_connections")) >= 3);
    }
}
