package io.cachette.memcached.internal.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconnect attempts with growing delays until one succeeds; driven by a fake scheduler, no sleeping. */
class ReconnectorTest {

    private final List<Long> delays = new ArrayList<>();
    private final Deque<Runnable> scheduled = new ArrayDeque<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger admitted = new AtomicInteger();
    private int failuresBeforeSuccess;

    private final Reconnector reconnector = new Reconnector(
            new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), () -> 0.0),
            (task, delay) -> {
                delays.add(delay);
                scheduled.add(task);
            },
            () -> attempts.incrementAndGet() <= failuresBeforeSuccess
                    ? CompletableFuture.failedFuture(new RuntimeException("refused"))
                    : CompletableFuture.completedFuture(null),
            admitted::incrementAndGet);

    private void runScheduled() {
        while (!scheduled.isEmpty()) {
            scheduled.poll().run();
        }
    }

    @Test
    void failingAttempts_areRetriedWithGrowingDelays_untilOneSucceeds() {
        failuresBeforeSuccess = 3;
        reconnector.start();
        runScheduled();
        assertEquals(4, attempts.get());
        assertEquals(List.of(50L, 100L, 200L, 400L), delays);
        assertEquals(1, admitted.get());
        assertFalse(reconnector.running());
    }

    @Test
    void start_whileRunning_doesNotStartASecondLoop() {
        failuresBeforeSuccess = 1;
        reconnector.start();
        reconnector.start();
        assertEquals(1, scheduled.size());
        runScheduled();
        assertEquals(1, admitted.get());
    }

    @Test
    void stop_endsTheLoop_withoutAdmitting() {
        failuresBeforeSuccess = 0;
        reconnector.start();
        reconnector.stop();
        runScheduled();
        assertEquals(0, attempts.get());
        assertEquals(0, admitted.get());
        reconnector.start();
        assertTrue(scheduled.isEmpty());
    }
}
