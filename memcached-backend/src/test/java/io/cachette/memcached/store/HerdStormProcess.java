package io.cachette.memcached.store;

import io.cachette.jcache.CachetteCache;
import io.cachette.store.HerdCounters;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;

/**
 * One JVM's half of {@link HerdControlTwoProcessesTest}, run by the test itself and by a child JVM: {@code threads}
 * threads that miss one key at the same wall-clock time, through read-through {@code get} or through
 * {@code invoke} with a loading entry processor (what Spring's {@code @Cacheable(sync = true)} runs:
 * {@code if (!entry.exists()) entry.setValue(load())}), counting this JVM's loader calls.
 *
 * <p>As a child: arguments mode ({@code get}, {@code invoke} or {@code hang}), manager URI, cache name, threads,
 * go file. It opens the cache, warms the path up on a key of its own, prints {@code ready}, waits (at most 60 s)
 * for the go file, which holds the start time in epoch milliseconds, storms at that time and prints one line
 * {@code RESULT loads=<n> values=<n> maxMillis=<n> leasesWon=<n> waits=<n> waitTimeouts=<n>}. Mode {@code hang}
 * instead runs one {@code get} of the key whose loader prints {@code loading} and then blocks for 60 s: a winner
 * for the test to kill mid-load.
 */
public final class HerdStormProcess {

    /** The key every storm misses. */
    static final String KEY = "hot";
    static final long LOAD_MILLIS = 200;
    private static final long HANG_MILLIS = 60_000;
    private static final long CALL_TIMEOUT_MILLIS = 30_000;
    /** This JVM's loader calls. */
    static final AtomicInteger LOADS = new AtomicInteger();
    private static volatile boolean hang;

    private HerdStormProcess() {
    }

    /** How a storm went in one JVM. */
    record Storm(int loads, int values, long maxMillis, HerdCounters herd) {

        static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(
                "RESULT loads=(\\d+) values=(\\d+) maxMillis=(\\d+) leasesWon=(\\d+) waits=(\\d+) waitTimeouts=(\\d+)");

        String line() {
            return "RESULT loads=" + loads + " values=" + values + " maxMillis=" + maxMillis + " leasesWon="
                    + herd.leasesWon() + " waits=" + herd.waits() + " waitTimeouts=" + herd.waitTimeouts();
        }

        /** The storm a child printed; {@code null} when it printed none. */
        static Storm parse(String output) {
            java.util.regex.Matcher matcher = LINE.matcher(output);
            if (!matcher.find()) {
                return null;
            }
            return new Storm(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), new HerdCounters(Long.parseLong(matcher.group(4)),
                    Long.parseLong(matcher.group(5)), Long.parseLong(matcher.group(6)), 0));
        }
    }

    /** How the storm's threads reach the key. */
    enum Mode {
        GET, INVOKE;

        String call(Cache<String, String> cache, String key) {
            if (this == GET) {
                return cache.get(key);
            }
            return cache.invoke(key, (entry, arguments) -> {
                if (!entry.exists()) {
                    entry.setValue(new SlowLoader().load(entry.getKey()));
                }
                return entry.getValue();
            });
        }
    }

    /** Loads {@code "value-" + key} in {@value #LOAD_MILLIS} ms, counted in {@link #LOADS}; or hangs when told to. */
    public static final class SlowLoader implements CacheLoader<String, String>, Serializable {
        @Override
        public String load(String key) {
            LOADS.incrementAndGet();
            if (hang) {
                System.out.println("loading");
                System.out.flush();
            }
            sleep(hang ? HANG_MILLIS : LOAD_MILLIS);
            return "value-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException("the storms use get and invoke");
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        String name = args[2];
        int threads = Integer.parseInt(args[3]);
        Path goFile = Path.of(args[4]);
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager(uri,
                HerdStormProcess.class.getClassLoader())) {
            Cache<String, String> cache = open(manager, name);
            if (mode.equals("hang")) {
                hang = true;
                cache.get(KEY); // prints "loading" and blocks until the test kills this JVM
                System.out.println("not killed");
                return;
            }
            Mode storming = Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
            warmUp(cache, storming, threads);
            System.out.println("ready");
            System.out.flush();
            long startAt = awaitGo(goFile);
            System.out.println(storm(cache, storming, threads, KEY, startAt).line());
        }
    }

    /** The read-through cache {@code name} of {@code manager}, created unless another JVM's test run did. */
    static Cache<String, String> open(CacheManager manager, String name) {
        Cache<String, String> cache = manager.getCache(name, String.class, String.class);
        return cache != null ? cache : manager.createCache(name, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class).setReadThrough(true)
                .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class)));
    }

    /** One storm on a key of this JVM's own, so the storm that counts does not meet cold code. */
    static void warmUp(Cache<String, String> cache, Mode mode, int threads) throws InterruptedException {
        storm(cache, mode, threads, "warm-up-" + ProcessHandle.current().pid(), System.currentTimeMillis());
    }

    /** Writes the go file: the storms start at {@code startAt} (epoch ms). */
    static void go(Path goFile, long startAt) throws IOException {
        Path written = Files.writeString(goFile.resolveSibling(goFile.getFileName() + ".tmp"),
                Long.toString(startAt), StandardCharsets.US_ASCII);
        Files.move(written, goFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static long awaitGo(Path goFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int poll = 0; poll < 30_000 && System.nanoTime() - deadline < 0; poll++) {
            if (Files.exists(goFile)) {
                return Long.parseLong(Files.readString(goFile, StandardCharsets.US_ASCII).trim());
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no go file " + goFile + " after 60 s");
    }

    /**
     * {@code threads} threads calling {@code key} at {@code startAt} (epoch ms): this JVM's loader calls meanwhile,
     * the callers that got {@code "value-" + key}, the slowest call and what the cache's herd counters counted.
     */
    static Storm storm(Cache<String, String> cache, Mode mode, int threads, String key, long startAt)
            throws InterruptedException {
        int loadsBefore = LOADS.get();
        HerdCounters herdBefore = herd(cache);
        AtomicInteger values = new AtomicInteger();
        AtomicLong maxNanos = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread caller = new Thread(() -> {
                long latest = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int n = 0; n < 1_000_000 && System.currentTimeMillis() < startAt
                        && System.nanoTime() - latest < 0; n++) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
                long start = System.nanoTime();
                String value = mode.call(cache, key);
                maxNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                if (("value-" + key).equals(value)) {
                    values.incrementAndGet();
                }
            }, "storm-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        long deadline = Math.max(System.currentTimeMillis(), startAt) + CALL_TIMEOUT_MILLIS;
        for (Thread caller : callers) {
            caller.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (caller.isAlive()) {
                throw new IllegalStateException(caller.getName() + " still calling after " + CALL_TIMEOUT_MILLIS
                        + " ms");
            }
        }
        HerdCounters herdAfter = herd(cache);
        return new Storm(LOADS.get() - loadsBefore, values.get(), TimeUnit.NANOSECONDS.toMillis(maxNanos.get()),
                new HerdCounters(herdAfter.leasesWon() - herdBefore.leasesWon(),
                        herdAfter.waits() - herdBefore.waits(), herdAfter.waitTimeouts() - herdBefore.waitTimeouts(),
                        herdAfter.staleServed() - herdBefore.staleServed()));
    }

    static HerdCounters herd(Cache<String, String> cache) {
        return cache.unwrap(CachetteCache.class).herdCounters();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
