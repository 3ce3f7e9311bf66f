package io.cachette.memcached.store;

import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerState;
import io.cachette.testkit.MemcachedServers;
import io.cachette.store.Store;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the store does when a server dies or stalls: misses, dropped writes, and never a stale value. */
class MemcachedFailureTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(3);

    private MemcachedStoreBackend backend;
    private MemcachedStore<Object, Object> store;
    private StoreKeys keys;

    @BeforeEach
    void open() {
        open("fail-fast");
    }

    @SuppressWarnings("unchecked")
    private void open(String failurePolicy) {
        if (backend != null) {
            backend.close();
        }
        backend = (MemcachedStoreBackend) new MemcachedStoreFactory().open(URI.create(servers.uri()), Settings.of(Map.of(
                "cachette.memcached.operation-timeout-ms", "1000",
                "cachette.memcached.failure-threshold", "1",
                "cachette.memcached.failure-policy", failurePolicy)).scope(SettingsParser.PREFIX), getClass().getClassLoader());
        store = (MemcachedStore<Object, Object>) (Store<?, ?>) backend.createStore(new StoreContext("failures",
                Map.of(), getClass().getClassLoader(), Clock.systemUTC(), StoreListener.NONE,
                StoreContext.UNBOUNDED, StoreContext.UNBOUNDED));
        store.put("warm-up", "generation counter read", StoreEntry.ETERNAL);
        keys = new StoreKeys(backend.client(), "failures");
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void failover_deadServersKeysMoveToTheNextServer() throws Exception {
        open("failover");
        String key = keyAwayFromTheCounter();
        ServerAddress owner = keys.serverOf(key);
        servers.kill(index(owner));
        assertTrue(eventually(() -> backend.client().metrics(owner).state() == ServerState.DOWN), "marked down");

        // failover waits for the start-up sweep of copies left by earlier failovers; until then writes are dropped
        assertTrue(eventually(() -> {
            store.put(key, "moved", StoreEntry.ETERNAL);
            return store.get(key) != null;
        }), "failed over");

        assertEquals("moved", store.get(key).value());
    }

    /** A key held by another server than the generation counter, so that its server can fail alone. */
    private String keyAwayFromTheCounter() {
        ServerAddress counter = backend.client().serverFor("cachette:failures:gen");
        for (int i = 0; ; i++) {
            if (!keys.serverOf("key" + i).equals(counter)) {
                return "key" + i;
            }
        }
    }

    private int index(ServerAddress server) {
        for (int i = 0; i < servers.count(); i++) {
            if (servers.port(i) == server.port()) {
                return i;
            }
        }
        throw new AssertionError(server + " is not a fixture server");
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void deadServer_readsMiss_andWritesAreDroppedAndCounted() {
        String key = keyAwayFromTheCounter();
        store.put(key, "v", StoreEntry.ETERNAL);
        servers.kill(index(keys.serverOf(key)));

        assertNull(store.get(key));
        store.put(key, "w", StoreEntry.ETERNAL);
        assertNull(store.get(key));

        MemcachedStoreCounters counters = store.counters();
        assertTrue(counters.failedReads() >= 2, counters.toString());
        assertTrue(counters.droppedWrites() >= 1, counters.toString());
    }

    @Test
    void stalledServer_thatComesBack_neverServesTheValueItHeldBeforeAMissedWrite() throws Exception {
        String key = keyAwayFromTheCounter();
        ServerAddress owner = keys.serverOf(key);
        store.put(key, "v1", StoreEntry.ETERNAL);
        servers.pause(index(owner));

        store.put(key, "v2", StoreEntry.ETERNAL); // times out: dropped, the server is marked down
        assertNull(store.get(key));
        servers.resume(index(owner));

        assertTrue(eventually(() -> backend.client().metrics(owner).state() == ServerState.UP),
                () -> "re-admitted: " + backend.client().metrics(owner));
        assertNull(store.get(key), "v1 must not come back");
        store.put(key, "v3", StoreEntry.ETERNAL);
        assertEquals("v3", store.get(key).value());
    }
}
