package io.cachette.memcached.store.internal;

import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.store.HerdCounters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Herd control of one memcached cache: the lease TTL, how long a caller waits for another's load and at what
 * pace it looks again, giving leases back, and the counts. The protocol itself (who wins, when a waiter loads)
 * is in {@code MemcachedStore.loadAllMissing} and {@code compute}.
 */
public final class Leases {

    /**
     * The first pause of a waiter; each later one doubles, up to {@link #MAX_PAUSE_NANOS}, with jitter. Short: only
     * one caller per key and JVM waits here (the others wait for it in the JVM), and a waiter that looks again
     * 50 ms late answers its callers 50 ms late (the miss-storm benchmark's herd p50 was 78 ms for a 50 ms loader
     * with a 50 ms cap).
     */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final MemcachedClient client;
    private final int leaseSeconds;
    private final long waitNanos;
    private final long staleWhileRevalidateMillis;
    private final LongAdder won = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitTimeouts = new LongAdder();
    private final LongAdder staleServed = new LongAdder();

    /**
     * @param leaseSeconds the placeholder's TTL; {@code 0}: herd control off
     * @param wait         how long a caller waits for another's load
     * @param staleWhileRevalidate how long after its expiry a value is served while one caller refreshes it
     */
    public Leases(MemcachedClient client, int leaseSeconds, Duration wait, Duration staleWhileRevalidate) {
        this.client = client;
        this.leaseSeconds = leaseSeconds;
        this.waitNanos = wait.toNanos();
        this.staleWhileRevalidateMillis = staleWhileRevalidate.toMillis();
    }

    public boolean enabled() {
        return leaseSeconds > 0;
    }

    public int leaseSeconds() {
        return leaseSeconds;
    }

    /** How long after its expiry a value may still be served while one caller refreshes it ({@code 0}: never). */
    public long staleWhileRevalidateMillis() {
        return staleWhileRevalidateMillis;
    }

    /** The {@link System#nanoTime()} until which a caller starting to wait now waits. */
    public long deadline() {
        return System.nanoTime() + waitNanos;
    }

    /** Whether {@code deadline} has passed. */
    public static boolean passed(long deadline) {
        return System.nanoTime() - deadline >= 0;
    }

    /** Sleeps before a waiter's next look: 1 ms doubling to 10 ms, randomized, never past {@code deadline}. */
    public static void pause(int round, long deadline) {
        long pause = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(round, 10));
        pause = ThreadLocalRandom.current().nextLong(pause / 2, pause + 1);
        long left = deadline - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(Math.min(pause, left));
        }
    }

    /**
     * Gives back the leases in {@code held} (memcached key → the placeholder's CAS) once the loads are done: a
     * placeholder the load replaced has another CAS and stays replaced; one it did not (no value, a failure) is
     * deleted, so that the next reader wins the lease at once instead of waiting for its TTL. Not waited for.
     */
    public void release(Map<String, Long> held) {
        held.forEach((memcachedKey, cas) -> client.delete(memcachedKey, cas).exceptionally(failure -> null));
    }

    /**
     * Claims the refresh of an expired entry served stale meanwhile: a lease on its {@code refreshKey}, which
     * only this claim uses (so plain reads of the entry cannot take it).
     *
     * @return the claim's CAS, to {@linkplain #release give it back} after the reload; {@code 0} when another caller
     *         holds it; {@code -1} when the claim could not be read (then this caller reloads without one)
     */
    public long claimRefresh(String refreshKey) {
        try {
            LeaseRead claim = client.getOrLease(refreshKey, leaseSeconds).join();
            return claim.placeholder() && claim.won() ? claim.item().cas() : 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public void won(int count) {
        won.add(count);
    }

    public void waited() {
        waits.increment();
    }

    public void timedOut() {
        waitTimeouts.increment();
    }

    public void servedStale() {
        staleServed.increment();
    }

    public HerdCounters counters() {
        return new HerdCounters(won.sum(), waits.sum(), waitTimeouts.sum(), staleServed.sum());
    }
}
