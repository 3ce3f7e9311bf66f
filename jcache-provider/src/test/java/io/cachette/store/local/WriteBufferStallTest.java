package io.cachette.store.local;

import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.testing.TestClock;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static io.cachette.store.local.LocalLruStoreProbe.evictionLock;
import static io.cachette.store.local.LocalLruStoreProbe.linkedCount;
import static io.cachette.store.local.LocalLruStoreProbe.mappingCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the bound's slack is made of, shown deterministically: while another thread holds the eviction lock,
 * writes land in the map and in the write buffer; when the buffer is full the next writer waits for the lock,
 * so the map holds at most {@code bound + WRITE_BUFFER_CAPACITY + 1} entries with one writer.
 */
class WriteBufferStallTest {

    private final TestClock clock = new TestClock(0L);
    private final RecordingListener listener = new RecordingListener();

    @Test
    void writesWhileTheLockIsHeld_areBufferedUntilTheBufferIsFull_thenTheWriterWaits() throws Exception {
        int bound = 10;
        LocalLruStore<Integer, Integer> store = new LocalLruStore<>(new StoreContext("stall", Map.of(),
                getClass().getClassLoader(), clock, listener, bound, StoreContext.UNBOUNDED), 2, s -> { });
        for (int i = 0; i < bound; i++) {
            store.put(i, i, StoreEntry.ETERNAL);
        }
        int writes = LocalLruStore.WRITE_BUFFER_CAPACITY + 20;
        ReentrantLock lock = evictionLock(store);
        lock.lock();
        CompletableFuture<Void> writer;
        try {
            writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < writes; i++) {
                    store.put(1_000 + i, i, StoreEntry.ETERNAL);
                }
            });
            awaitQueuedOn(lock);
            assertFalse(writer.isDone());
            assertEquals(bound + LocalLruStore.WRITE_BUFFER_CAPACITY + 1, mappingCount(store));
            assertTrue(listener.evicted.isEmpty());
        } finally {
            lock.unlock();
        }
        writer.get(30, TimeUnit.SECONDS);
        assertEquals(bound, mappingCount(store));
        assertEquals(bound, linkedCount(store));
        assertEquals(bound + writes - bound, listener.evicted.size());
        for (int i = writes - bound; i < writes; i++) { // the most recent writes survive
            assertNotNull(store.get(1_000 + i), "key " + (1_000 + i));
        }
    }

    private static void awaitQueuedOn(ReentrantLock lock) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!lock.hasQueuedThreads()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer never waited for the lock");
            }
            Thread.onSpinWait();
        }
    }
}
