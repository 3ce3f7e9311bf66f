package io.cachette.store.local;

import io.cachette.store.Store;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import io.cachette.testing.TestClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.cachette.store.local.LocalLruStoreProbe.mappingCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local backend: store creation, the shared sweeper thread, and its lifecycle. */
class LocalStoreBackendTest {

    private final TestClock clock = new TestClock(5_000L);
    private LocalStoreBackend backend;

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private StoreContext context(String name, StoreListener listener, long maxEntries) {
        return new StoreContext(name, Map.of(), getClass().getClassLoader(), clock, listener, maxEntries,
                StoreContext.UNBOUNDED);
    }

    @Test
    void publicConstructor_givesALocalBackend() {
        backend = new LocalStoreBackend();
        assertEquals(StoreCapabilities.LOCAL, backend.capabilities());
        Store<String, String> store = backend.createStore(context("c", StoreListener.NONE, 10));
        assertEquals(StoreCapabilities.LOCAL, store.capabilities());
        assertInstanceOf(LocalLruStore.class, store);
    }

    @Test
    void createStore_appliesTheContextBound() {
        backend = new LocalStoreBackend();
        RecordingListener listener = new RecordingListener();
        Store<Integer, Integer> store = backend.createStore(context("c", listener, 2));
        for (int i = 0; i < 3; i++) {
            store.put(i, i, StoreEntry.ETERNAL);
        }
        assertEquals(java.util.List.of(0), listener.evictedKeys());
    }

    @Test
    void sweeper_isOneNamedDaemonThread_startedByTheFirstStore() {
        backend = new LocalStoreBackend();
        assertNull(backend.sweeperThread());
        backend.createStore(context("a", StoreListener.NONE, 10));
        backend.createStore(context("b", StoreListener.NONE, 10));
        Thread sweeper = backend.sweeperThread();
        assertNotNull(sweeper);
        assertEquals(LocalStoreBackend.SWEEPER_THREAD_NAME, sweeper.getName());
        assertTrue(sweeper.isDaemon());
        assertEquals(2, backend.openStores());
    }

    @Test
    void sweeper_dropsExpiredEntriesInTheBackground_andReportsThem() throws InterruptedException {
        backend = new LocalStoreBackend(Duration.ofMillis(5), 100, 2);
        CountDownLatch expired = new CountDownLatch(1);
        StoreListener listener = new StoreListener() {
            @Override
            public void expired(Object key, Object value) {
                expired.countDown();
            }
        };
        LocalLruStore<String, String> store = (LocalLruStore<String, String>) backend.<String, String>createStore(
                context("c", listener, 10));
        store.put("a", "1", clock.millis() + 10);
        clock.advance(10);
        assertTrue(expired.await(10, TimeUnit.SECONDS), "the sweeper never reported the expiry");
        assertEquals(0, mappingCount(store));
    }

    @Test
    void sweeper_keepsRunningAfterAListenerThrows() throws InterruptedException {
        backend = new LocalStoreBackend(Duration.ofMillis(5), 100, 2);
        CountDownLatch badCalled = new CountDownLatch(1);
        StoreListener throwing = new StoreListener() {
            @Override
            public void expired(Object key, Object value) {
                badCalled.countDown();
                throw new IllegalStateException("listener failure (expected by the test)");
            }
        };
        CountDownLatch goodCalled = new CountDownLatch(1);
        StoreListener counting = new StoreListener() {
            @Override
            public void expired(Object key, Object value) {
                goodCalled.countDown();
            }
        };
        Store<String, String> bad = backend.createStore(context("bad", throwing, 10));
        bad.put("a", "1", clock.millis() + 1);
        clock.advance(1);
        assertTrue(badCalled.await(10, TimeUnit.SECONDS), "the sweeper never reported the first expiry");
        Store<String, String> good = backend.createStore(context("good", counting, 10));
        good.put("b", "2", clock.millis() + 1);
        clock.advance(1);
        assertTrue(goodCalled.await(10, TimeUnit.SECONDS), "the sweeper stopped after a listener failure");
    }

    @Test
    void close_stopsTheSweeperThread_andRefusesNewStores() throws InterruptedException {
        backend = new LocalStoreBackend();
        Store<String, String> store = backend.createStore(context("c", StoreListener.NONE, 10));
        store.put("a", "1", StoreEntry.ETERNAL);
        Thread sweeper = backend.sweeperThread();
        assertTrue(sweeper.isAlive());
        backend.close();
        sweeper.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(sweeper.isAlive());
        assertEquals(0, backend.openStores());
        assertNull(store.get("a"));
        assertThrows(IllegalStateException.class, () -> backend.createStore(context("d", StoreListener.NONE, 10)));
        backend.close(); // idempotent
    }

    @Test
    void closingAStore_removesItFromTheSweeper() {
        backend = new LocalStoreBackend();
        Store<String, String> store = backend.createStore(context("c", StoreListener.NONE, 10));
        store.close();
        assertEquals(0, backend.openStores());
    }

    @Test
    void createStore_withNegativeBound_isRejected() {
        backend = new LocalStoreBackend();
        assertThrows(IllegalArgumentException.class, () -> backend.createStore(context("c", StoreListener.NONE, -1)));
        assertEquals(0, backend.openStores());
    }
}
