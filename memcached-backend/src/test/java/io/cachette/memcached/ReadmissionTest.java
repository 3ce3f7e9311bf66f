package io.cachette.memcached;

import io.cachette.memcached.internal.routing.KetamaNodeLocator;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import io.cachette.memcached.testing.RoutedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a server that comes back after an outage may serve: with {@code flushOnReadmission} nothing it held before,
 * and with the failover sweep no copy that failover left on another server. Servers are stalled (SIGSTOP) rather
 * than killed, because a stalled server keeps its contents, which is what makes stale reads possible.
 */
class ReadmissionTest {

    private static final String PREFIX = "app:";

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

    private MemcachedClientBuilder builder() {
        return MemcachedClient.builder()
                .servers(addresses)
                .operationTimeout(Duration.ofMillis(400))
                .failureThreshold(1)
                .reconnectDelay(Duration.ofMillis(10), Duration.ofMillis(100));
    }

    @Test
    void flushOnReadmission_aStalledServerIsEmptyByTheTimeItIsUpAgain() throws Exception {
        client = builder().flushOnReadmission(true).build();
        String key = keyOn(0, PREFIX);
        client.set(key, bytes("before the stall"), 0, 0).join();

        stall(0, key);
        servers.resume(0);
        await("server 0 re-admitted", () -> state(0) == ServerState.UP);

        assertNull(client.get(key).join(), "the first read after re-admission already misses");
    }

    @Test
    void failoverSweep_deletesTheCopyWrittenWhileTheOwnerWasDown_andLeavesOtherKeysAlone() throws Exception {
        client = builder().failurePolicy(FailurePolicy.FAILOVER).flushOnReadmission(true)
                .sweepFailoverCopies(PREFIX).build();
        String key = keyOn(0, PREFIX);
        String foreign = keyWithTheSameFallback(key, "other:");
        stall(0, key);
        setDuringOutage(key, "written during the outage");
        setDuringOutage(foreign, "not ours");
        ServerAddress fallback = holderOf(key);
        assertEquals(fallback, holderOf(foreign));

        servers.resume(0);
        await("server 0 re-admitted", () -> state(0) == ServerState.UP);
        await("the copy on " + fallback + " swept", () -> !client.keys(fallback).join().contains(key));

        assertTrue(client.keys(fallback).join().contains(foreign), "keys without the prefix are never swept");
    }

    @Test
    void failoverSweeps_afterAReadmission_countTheSweepsAndTheDeletedCopy() throws Exception {
        client = builder().failurePolicy(FailurePolicy.FAILOVER).flushOnReadmission(true)
                .sweepFailoverCopies(PREFIX).build();
        await("the start-up sweep done", () -> client.failoverSweeps().completed() == 1);
        long deletedAtStartUp = client.failoverSweeps().deletedCopies();
        String key = keyOn(0, PREFIX);
        stall(0, key);
        setDuringOutage(key, "written during the outage");
        ServerAddress fallback = holderOf(key);

        servers.resume(0);
        await("the copy on " + fallback + " swept", () -> !client.keys(fallback).join().contains(key));
        await("the sweep counted", () -> client.failoverSweeps().completed() == 2);

        FailoverSweepMetrics sweeps = client.failoverSweeps();
        assertEquals(deletedAtStartUp + 1, sweeps.deletedCopies());
        assertEquals(0, sweeps.failed());
    }

    @Test
    void failoverSweep_theNextOutageDoesNotServeTheCopyOfThePreviousOne() throws Exception {
        client = builder().failurePolicy(FailurePolicy.FAILOVER).flushOnReadmission(true)
                .sweepFailoverCopies(PREFIX).build();
        String key = keyOn(0, PREFIX);
        stall(0, key);
        setDuringOutage(key, "written during the first outage");
        ServerAddress fallback = holderOf(key);
        servers.resume(0);
        await("server 0 re-admitted", () -> state(0) == ServerState.UP);
        await("the copy on " + fallback + " swept", () -> !client.keys(fallback).join().contains(key));
        client.set(key, bytes("written after the first outage"), 0, 0).join();

        stall(0, key);

        assertNull(readOrNull(key), "neither the first outage's copy nor the stalled server's value");
    }

    @Test
    void withoutTheSweep_theNextOutageServesTheCopyOfThePreviousOne() throws Exception {
        client = builder().failurePolicy(FailurePolicy.FAILOVER).flushOnReadmission(true).build();
        String key = keyOn(0, PREFIX);
        stall(0, key);
        client.set(key, bytes("written during the first outage"), 0, 0).join();
        servers.resume(0);
        await("server 0 re-admitted", () -> state(0) == ServerState.UP);
        client.set(key, bytes("written after the first outage"), 0, 0).join();

        stall(0, key);

        assertArrayEquals(bytes("written during the first outage"), client.get(key).join().value(),
                "the orphan is stale: this is what the sweep is for");
    }

    @Test
    void sweepFailoverCopies_refusesAnEmptyPrefix() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> builder().sweepFailoverCopies("").buildConfig());
        assertTrue(refused.getMessage().contains("prefix"), refused.getMessage());
    }

    /** SIGSTOPs server {@code index} and times one read of {@code key} out, which marks it down (threshold 1). */
    private void stall(int index, String key) throws InterruptedException {
        servers.pause(index);
        Throwable failure = null;
        try {
            client.get(key).join();
        } catch (CompletionException e) {
            failure = e.getCause();
        }
        assertInstanceOf(MemcachedTimeoutException.class, failure);
        await("server " + index + " marked down", () -> state(index) == ServerState.DOWN);
    }

    /**
     * Writes a key whose owner is down; while the start-up sweep runs, failover waits and the write fails fast,
     * so it is retried (bounded).
     */
    private void setDuringOutage(String key, String value) throws InterruptedException {
        await("failover takes " + key, () -> {
            try {
                client.set(key, bytes(value), 0, 0).join();
                return true;
            } catch (CompletionException e) {
                assertInstanceOf(MemcachedServerDownException.class, e.getCause());
                return false;
            }
        });
    }

    /** The one up server whose key dump lists {@code key}. */
    private ServerAddress holderOf(String key) {
        List<ServerAddress> holders = addresses.stream()
                .filter(server -> client.metrics(server).state() == ServerState.UP)
                .filter(server -> client.keys(server).join().contains(key))
                .toList();
        assertEquals(1, holders.size(), () -> "servers holding " + key + ": " + holders);
        assertFalse(holders.get(0).equals(client.serverFor(key)));
        return holders.get(0);
    }

    /** The value read, or {@code null} for a miss or a fast failure (no server may serve the key yet). */
    private byte[] readOrNull(String key) {
        try {
            Item item = client.get(key).join();
            return item == null ? null : item.value();
        } catch (CompletionException e) {
            assertInstanceOf(MemcachedServerDownException.class, e.getCause());
            return null;
        }
    }

    private ServerState state(int index) {
        return client.metrics(addresses.get(index)).state();
    }

    private String keyOn(int server, String prefix) {
        return RoutedKeys.on(client, addresses.get(server), prefix);
    }

    /** A key with {@code prefix} that has the same owner as {@code key} and fails over to the same server. */
    private String keyWithTheSameFallback(String key, String prefix) {
        KetamaNodeLocator ring = new KetamaNodeLocator(addresses, KetamaKeyFormat.SPYMEMCACHED);
        ServerAddress owner = ring.locate(bytes(key));
        ServerAddress fallback = ring.locate(bytes(key), server -> !server.equals(owner));
        for (int i = 0; i < 10_000; i++) {
            byte[] candidate = bytes(prefix + i);
            if (ring.locate(candidate).equals(owner)
                    && ring.locate(candidate, server -> !server.equals(owner)).equals(fallback)) {
                return prefix + i;
            }
        }
        throw new AssertionError("no key failing over like " + key);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits, bounded (20 s), for background re-admission or sweeping (not a speed assertion). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
