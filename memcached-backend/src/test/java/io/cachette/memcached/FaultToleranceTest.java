package io.cachette.memcached;

import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client under concurrent mixed load while real memcached servers are stalled, killed, refused or have
 * their connections cut (issue 8, "faults", client level). Every scenario checks, through {@link MixedLoad},
 * that nothing hangs, that every failure is typed, that no read ever shows a stale, foreign or invented value,
 * and that the client finds its way back on its own once the fault is over. Loops and waits are bounded.
 */
class FaultToleranceTest {

    private static final int THREADS = 4;
    private static final long MAX_OPS_PER_THREAD = 200_000;

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(3);

    private List<ServerAddress> addresses;
    private MemcachedClient client;

    @BeforeEach
    void addresses() {
        addresses = ServerAddresses.of(servers);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static void assertClean(MixedLoad load) {
        assertEquals(List.of(), load.violations(), "violations; failures " + load.failures());
    }

    private static void assertOnlyTyped(MixedLoad load, ServerAddress faulty, List<String> allowedTypes) {
        for (Map.Entry<String, Long> failure : load.failures().entrySet()) {
            String type = failure.getKey().substring(failure.getKey().indexOf(' ') + 1);
            assertTrue(failure.getKey().startsWith(faulty + " "), "failure on a healthy server: " + load.failures());
            assertTrue(allowedTypes.contains(type), "unexpected failure type: " + load.failures());
        }
    }

    @Test
    void killedServerUnderFourThreadMixedLoad_onlyItsKeysFail_typed_andItIsReadmittedWithinFiveSeconds()
            throws Exception {
        client = MemcachedClient.builder().servers(addresses).operationTimeout(Duration.ofSeconds(5)).build();
        ServerAddress victim = addresses.get(1);
        try (MixedLoad load = new MixedLoad(client, THREADS, 8_001, MAX_OPS_PER_THREAD).start()) {
            assertTrue(load.awaitSuccesses(victim, 500));
            servers.kill(1);
            load.allowLoss(victim); // it comes back empty
            assertTrue(load.awaitCondition(() -> client.metrics(victim).state() == ServerState.DOWN));
            assertTrue(load.awaitSuccesses(addresses.get(0), 500), "other servers keep serving");
            assertTrue(load.awaitSuccesses(addresses.get(2), 500), "other servers keep serving");

            servers.restart(1);
            long restarted = System.nanoTime();
            // the promise with the default reconnect settings: back within 5 s of the restart
            while (client.metrics(victim).state() != ServerState.UP
                    && System.nanoTime() - restarted < Duration.ofSeconds(5).toNanos()) {
                Thread.sleep(10);
            }
            assertEquals(ServerState.UP, client.metrics(victim).state(), "re-admitted within 5 s of the restart");
            assertTrue(load.awaitSuccesses(victim, 500), "the restarted server serves again");
            load.close();
            assertClean(load);
            assertOnlyTyped(load, victim, List.of("MemcachedServerDownException"));
            assertTrue(load.failures().getOrDefault(victim + " MemcachedServerDownException", 0L) > 0,
                    "the kill was noticed: " + load.failures());
        }
    }

    @Test
    void stalledServerUnderLoad_timesOutTyped_isMarkedDown_andServesAgainAfterResume() throws Exception {
        client = MemcachedClient.builder().servers(addresses)
                .operationTimeout(Duration.ofSeconds(2))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500))
                .build();
        ServerAddress stalled = addresses.get(0);
        try (MixedLoad load = new MixedLoad(client, THREADS, 8_002, MAX_OPS_PER_THREAD).start()) {
            assertTrue(load.awaitSuccesses(stalled, 500));
            servers.pause(0);
            assertTrue(load.awaitCondition(() -> client.metrics(stalled).state() == ServerState.DOWN),
                    "marked down after consecutive timeouts");
            assertTrue(load.awaitSuccesses(addresses.get(1), 500), "other servers keep serving");
            servers.resume(0);
            assertTrue(load.awaitCondition(() -> client.metrics(stalled).state() == ServerState.UP),
                    "re-admitted after SIGCONT");
            assertTrue(load.awaitSuccesses(stalled, 500), "the resumed server serves again");
            load.close();
            assertClean(load);
            assertOnlyTyped(load, stalled, List.of("MemcachedTimeoutException", "MemcachedServerDownException"));
            assertTrue(load.failures().getOrDefault(stalled + " MemcachedTimeoutException", 0L) > 0,
                    "the stall was noticed: " + load.failures());
        }
    }

    @Test
    void connectionsCutAtRandom_midReply_neverMixUpReplies_andTheClientRecoversEachTime() throws Exception {
        try (ChaosProxy proxy = new ChaosProxy(servers.socketAddress(0), 8_003, 64 * 1024, 8)) {
            ServerAddress proxied = ServerAddress.parse(proxy.hostPort());
            List<ServerAddress> viaProxy = List.of(proxied, addresses.get(1), addresses.get(2));
            client = MemcachedClient.builder().servers(viaProxy)
                    .operationTimeout(Duration.ofSeconds(5))
                    .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                    .build();
            try (MixedLoad load = new MixedLoad(client, THREADS, 8_004, MAX_OPS_PER_THREAD).start()) {
                assertTrue(load.awaitCondition(() -> proxy.cuts() >= 8), "proxy cut 8 connections: " + proxy.cuts());
                assertTrue(load.awaitCondition(() -> client.metrics(proxied).state() == ServerState.UP));
                assertTrue(load.awaitSuccesses(proxied, 500), "serves again once the cutting stops");
                load.close();
                assertClean(load);
                assertOnlyTyped(load, proxied, List.of("MemcachedServerDownException"));
                assertTrue(client.metrics(proxied).reconnects() >= 1, client.metrics(proxied).toString());
            }
        }
    }

    @Test
    void allServersRefusedAtStartUp_buildSucceeds_operationsFailFast_thenWorkOnceServersComeUp() throws Exception {
        for (int i = 0; i < servers.count(); i++) {
            servers.kill(i);
        }
        client = MemcachedClient.builder().servers(addresses)
                .operationTimeout(Duration.ofSeconds(5))
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .build();
        for (ServerAddress server : addresses) {
            assertEquals(ServerState.DOWN, client.metrics(server).state());
        }
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(client.get("refused:" + i));
            calls.add(client.set("refused:" + i, bytes("v"), 0, 0));
        }
        calls.add(client.getMulti(List.of("refused:1", "refused:2", "refused:3")));
        for (CompletableFuture<?> call : calls) {
            // fail fast: already failed when the call returns, nothing waited for a timeout
            assertTrue(call.isCompletedExceptionally(), "completed at once");
            Throwable failure = assertThrows(CompletionException.class, call::join).getCause();
            assertInstanceOf(MemcachedServerDownException.class, failure);
        }

        for (int i = 0; i < servers.count(); i++) {
            servers.restart(i);
        }
        for (int i = 0; i < 3_000 && !client.metrics().stream().allMatch(m -> m.state() == ServerState.UP); i++) {
            Thread.sleep(10); // bounded wait for the background reconnects
        }
        assertTrue(client.metrics().stream().allMatch(m -> m.state() == ServerState.UP),
                "the client reconnected by itself: " + client.metrics());
        for (int i = 0; i < 30; i++) {
            client.set("refused:" + i, bytes("v" + i), 0, 0).join();
        }
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(bytes("v" + i), client.get("refused:" + i).join().value());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
