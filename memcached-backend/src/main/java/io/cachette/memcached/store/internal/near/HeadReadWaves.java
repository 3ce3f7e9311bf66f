package io.cachette.memcached.store.internal.near;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Coalesces the strict head reads of concurrent callers into waves: a caller needs a read sent after it began, so
 * it joins the wave that has not been sent yet; at most one wave is in flight, and the next one is sent as soon as
 * it returns, by the caller that opened it. Every other caller of a wave just waits for its outcome.
 *
 * <p>Why not one lock around the read: the callers queued on a lock wake one after the other, each to learn that
 * the read that just finished already answered it, and the next read waits behind that chain (on a 2-core VM, 16
 * threads made 0.8 head reads per transaction and left a third of the CPU idle). Here a finished wave wakes the
 * next wave's sender first, then all of its own callers at once.
 */
final class HeadReadWaves {

    /** One head read and the callers it answers: those that joined before it was sent. */
    private static final class Wave {
        /** Completed when this wave may be sent (the wave before it returned); awaited by its sender only. */
        final CompletableFuture<Void> turn = new CompletableFuture<>();
        /** The read's outcome: {@code true} when it was applied, {@code false} when the feed is unavailable. */
        final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        /** How many callers joined it, its sender included. Under lock. */
        int callers = 1;
    }

    private final BooleanSupplier read;
    private final Object lock = new Object();
    private Wave open;          // the wave callers join: not sent yet. Under lock
    private boolean inFlight;   // a wave is being read, or handed to its sender. Under lock

    /** @param read reads and applies the head; {@code false} when the feed is unavailable */
    HeadReadWaves(BooleanSupplier read) {
        this.read = read;
    }

    /** How many callers wait for the wave that has not been sent yet (0 when none is open). */
    int waitingForNextRead() {
        synchronized (lock) {
            return open == null ? 0 : open.callers;
        }
    }

    /**
     * Returns the outcome of a head read sent after this call began, shared with concurrent callers.
     *
     * @throws RuntimeException what the read threw, to the caller that sent it; the wave's other callers get
     *                          {@code false} (nothing may be served from the near tier on its word)
     */
    boolean await() {
        Wave wave;
        boolean sender;
        boolean turnNow = false;
        synchronized (lock) {
            if (open != null) {
                wave = open;
                wave.callers++;
                sender = false;
            } else {
                wave = open = new Wave();
                sender = true;
                if (!inFlight) {
                    inFlight = true;
                    turnNow = true;
                }
            }
        }
        if (!sender) {
            return wave.outcome.join();
        }
        if (!turnNow) {
            wave.turn.join();
        }
        synchronized (lock) {
            open = null; // sent from here on: later callers open the next wave
        }
        boolean fresh = false;
        try {
            fresh = read.getAsBoolean();
            return fresh;
        } finally {
            Wave next;
            synchronized (lock) {
                next = open;
                if (next == null) {
                    inFlight = false;
                }
            }
            if (next != null) {
                next.turn.complete(null); // its sender first: the next read leaves before this wave's callers run
            }
            wave.outcome.complete(fresh);
        }
    }
}
