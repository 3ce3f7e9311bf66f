package io.cachette.memcached.store.internal.near;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coalescing of strict head reads, with a read the test holds open: who sends, who waits, and that every
 * caller's answer comes from a read sent after it began.
 */
class HeadReadWavesTest {

    private static final long WAIT_SECONDS = 10;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /** A head read that blocks until the test lets it return, numbering the reads as they are sent. */
    private static final class HeldRead {
        final AtomicInteger sent = new AtomicInteger();
        final Semaphore started = new Semaphore(0);
        final Semaphore release = new Semaphore(0);
        volatile boolean outcome = true;
        volatile RuntimeException failure;

        boolean read() {
            sent.incrementAndGet();
            started.release();
            try {
                if (!release.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the read");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }

        void awaitStarted(int reads) throws InterruptedException {
            assertTrue(started.tryAcquire(reads, WAIT_SECONDS, TimeUnit.SECONDS), "reads started");
        }
    }

    /** Waits until {@code callers} callers (its sender included) wait for the next read. */
    private static void awaitNextWave(HeadReadWaves waves, int callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (waves.waitingForNextRead() < callers) {
            assertTrue(System.nanoTime() < deadline, "callers did not join the next wave");
            Thread.sleep(1);
        }
        assertEquals(callers, waves.waitingForNextRead());
    }

    @Test
    void aLoneCaller_sendsItsOwnRead() {
        HeldRead read = new HeldRead();
        read.release.release();
        HeadReadWaves waves = new HeadReadWaves(read::read);

        assertTrue(waves.await());
        assertEquals(1, read.sent.get());
    }

    @Test
    void callersArrivingWhileAReadIsInFlight_shareOneNextRead() throws Exception {
        HeldRead read = new HeldRead();
        HeadReadWaves waves = new HeadReadWaves(read::read);
        Future<Boolean> first = callers.submit(waves::await);
        read.awaitStarted(1);

        List<Future<Boolean>> later = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            later.add(callers.submit(waves::await));
        }
        awaitNextWave(waves, 15);
        assertEquals(1, read.sent.get(), "nothing more is sent while a read is in flight");

        read.release.release(); // the first read returns; the next wave's read goes out
        assertTrue(first.get(WAIT_SECONDS, TimeUnit.SECONDS));
        read.awaitStarted(1);
        read.release.release();
        for (Future<Boolean> caller : later) {
            assertTrue(caller.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(2, read.sent.get(), "one read for the 15 late callers");
    }

    @Test
    void aCallerArrivingWhileAReadIsInFlight_isNotAnsweredByThatRead() throws Exception {
        HeldRead read = new HeldRead();
        AtomicLong readsReturned = new AtomicLong();
        HeadReadWaves waves = new HeadReadWaves(() -> {
            boolean outcome = read.read();
            readsReturned.incrementAndGet();
            return outcome;
        });
        Future<Boolean> first = callers.submit(waves::await);
        read.awaitStarted(1);
        Future<Long> late = callers.submit(() -> {
            waves.await();
            return readsReturned.get();
        });
        awaitNextWave(waves, 1);

        read.release.release();
        first.get(WAIT_SECONDS, TimeUnit.SECONDS);
        read.awaitStarted(1);
        assertFalse(late.isDone(), "answered by the read in flight when it began");
        read.release.release();

        assertEquals(2, late.get(WAIT_SECONDS, TimeUnit.SECONDS), "answered only after a second read returned");
    }

    @Test
    void anUnavailableFeed_answersEveryCallerOfTheWaveFalse() throws Exception {
        HeldRead read = new HeldRead();
        HeadReadWaves waves = new HeadReadWaves(read::read);
        Future<Boolean> first = callers.submit(waves::await);
        read.awaitStarted(1);
        Future<Boolean> second = callers.submit(waves::await);
        Future<Boolean> third = callers.submit(waves::await);
        awaitNextWave(waves, 2);
        read.release.release();
        first.get(WAIT_SECONDS, TimeUnit.SECONDS);

        read.awaitStarted(1);
        read.outcome = false;
        read.release.release();

        assertFalse(second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(third.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aReadThatThrows_failsItsSenderAndAnswersTheOthersFalse_andTheNextWaveStillGoesOut() throws Exception {
        HeldRead read = new HeldRead();
        HeadReadWaves waves = new HeadReadWaves(read::read);
        Future<Boolean> first = callers.submit(waves::await);
        read.awaitStarted(1);
        Future<Boolean> follower = callers.submit(waves::await);
        awaitNextWave(waves, 1);
        IllegalStateException broken = new IllegalStateException("broken read");
        read.failure = broken;
        read.release.release(); // the first read returns (throwing): the follower's wave is sent
        java.util.concurrent.ExecutionException thrown = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> first.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertSame(broken, thrown.getCause());

        read.awaitStarted(1);
        read.failure = null;
        read.release.release();
        assertTrue(follower.get(WAIT_SECONDS, TimeUnit.SECONDS));

        read.release.release();
        assertTrue(waves.await(), "the waves go on after a failed read");
        assertEquals(3, read.sent.get());
    }

    @Test
    void manyCallersInALoop_allReturn_withFewerReadsThanCalls() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        HeadReadWaves waves = new HeadReadWaves(() -> {
            reads.incrementAndGet();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            return true;
        });
        int threads = 16;
        int callsEach = 200;
        List<Future<Integer>> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loops.add(callers.submit(() -> {
                int fresh = 0;
                for (int i = 0; i < callsEach; i++) {
                    fresh += waves.await() ? 1 : 0;
                }
                return fresh;
            }));
        }
        for (Future<Integer> loop : loops) {
            assertEquals(callsEach, loop.get(WAIT_SECONDS * 3, TimeUnit.SECONDS));
        }
        assertTrue(reads.get() < threads * callsEach / 2,
                reads.get() + " reads for " + threads * callsEach + " calls: the waves were not shared");
    }
}
