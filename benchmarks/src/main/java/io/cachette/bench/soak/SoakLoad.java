package io.cachette.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;

/**
 * The soak's JCache load: threads doing get / put / invoke / remove on versioned values, paced to a total rate.
 *
 * <p>Each key is written by one owner thread only, with versions that only increase. When a write returns normally
 * the key's floor rises to its version (a removal: no earlier version may be read any more); a read of any thread
 * that started after that and returns a version below the floor is a stale read. Every operation's latency goes
 * into a log-scale histogram, every exception is counted by type.
 */
final class SoakLoad {

    /** Latency histogram: bucket i holds latencies in [2^(i/4), 2^((i+1)/4)) nanoseconds. */
    static final class Histogram {
        private static final int BUCKETS = 4 * 40;
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

        void record(long nanos) {
            int bucket = (int) Math.min(BUCKETS - 1, Math.floor(4 * Math.log(Math.max(1, nanos)) / Math.log(2)));
            counts.incrementAndGet(bucket);
        }

        /** Adds and clears the other histogram's counts (an interval folded into the total). */
        void drainInto(Histogram total, long[] snapshot) {
            for (int i = 0; i < BUCKETS; i++) {
                long c = counts.getAndSet(i, 0);
                snapshot[i] = c;
                total.counts.addAndGet(i, c);
            }
        }

        long[] snapshot() {
            long[] s = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                s[i] = counts.get(i);
            }
            return s;
        }

        /** The upper bound of the bucket that holds quantile {@code q}, in milliseconds; 0 when empty. */
        static double quantileMillis(long[] counts, double q) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.pow(2, (i + 1) / 4.0) / 1e6;
                }
            }
            return Math.pow(2, counts.length / 4.0) / 1e6;
        }

        static long[] empty() {
            return new long[BUCKETS];
        }
    }

    private final Cache<String, Long> cache;
    private final int threads;
    private final long nanosBetweenOps;
    private final String[] keys;
    private final AtomicLongArray floor;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    final LongAdder operations = new LongAdder();
    final LongAdder staleReads = new LongAdder();
    final LongAdder readErrors = new LongAdder();
    final Map<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> staleExamples = new ConcurrentLinkedQueue<>();
    final Histogram interval = new Histogram();

    SoakLoad(Cache<String, Long> cache, int threads, int keyCount, int opsPerSecond) {
        this.cache = cache;
        this.threads = threads;
        this.nanosBetweenOps = opsPerSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * threads / opsPerSecond;
        this.keys = new String[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = "soak-" + k;
        }
        this.floor = new AtomicLongArray(keyCount);
    }

    void start(long deadlineNanos) {
        for (int t = 0; t < threads; t++) {
            int owner = t;
            Thread worker = new Thread(() -> work(owner, deadlineNanos), "soak-load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Stops the workers and waits for them; false when one does not stop within {@code millis}. */
    boolean stop(long millis) throws InterruptedException {
        stop.set(true);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    Map<String, Long> errors() {
        Map<String, Long> sorted = new TreeMap<>();
        errorsByType.forEach((type, count) -> sorted.put(type, count.sum()));
        return sorted;
    }

    private void work(int owner, long deadlineNanos) {
        long[] versions = new long[keys.length];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long next = System.nanoTime();
        while (!stop.get() && System.nanoTime() < deadlineNanos) {
            int k = random.nextInt(keys.length);
            int dice = random.nextInt(100);
            long started = System.nanoTime();
            try {
                if (k % threads == owner && dice < 50) {
                    write(k, dice, ++versions[k]);
                } else {
                    read(k);
                }
            } catch (RuntimeException e) {
                error(e);
            }
            long now = System.nanoTime();
            interval.record(now - started);
            operations.increment();
            if (nanosBetweenOps > 0) {
                next += nanosBetweenOps;
                if (next > now) {
                    LockSupport.parkNanos(next - now);
                } else if (now - next > TimeUnit.SECONDS.toNanos(1)) {
                    next = now; // do not burst after a stall
                }
            }
        }
    }

    private void read(int k) {
        long min = floor.get(k);
        Long value;
        try {
            value = cache.get(keys[k]);
        } catch (RuntimeException e) {
            readErrors.increment();
            throw e;
        }
        check(k, min, value, "get");
    }

    private void write(int k, int dice, long version) {
        String key = keys[k];
        if (dice < 30) {
            cache.put(key, version);
        } else if (dice < 45) {
            long min = floor.get(k);
            Long previous = cache.invoke(key, (entry, args) -> {
                Long old = entry.getValue();
                entry.setValue(version);
                return old;
            });
            check(k, min, previous, "invoke");
        } else {
            cache.remove(key);
        }
        floor.accumulateAndGet(k, version, Math::max); // only after the write returned normally
    }

    private void check(int k, long min, Long value, String operation) {
        if (value != null && value < min) {
            staleReads.increment();
            if (staleExamples.size() < 20) {
                staleExamples.add(operation + " " + keys[k] + " read version " + value + " after version " + min
                        + " was confirmed");
            }
        }
    }

    private void error(RuntimeException e) {
        String type = e.getClass().getSimpleName();
        if (e.getCause() != null) {
            type += "(" + e.getCause().getClass().getSimpleName() + ")";
        }
        errorsByType.computeIfAbsent(type, t -> new LongAdder()).increment();
    }
}
