package io.cachette.bench.soak;

import io.cachette.jcache.CachetteCachingProvider;
import io.cachette.testkit.LocalMemcachedServers;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A bounded soak of a memcached JCache cache (issue 8): starts 3 memcached servers on free loopback ports, runs a
 * paced JCache load with versioned values that detect stale reads, and injects a fault at a fixed interval
 * (alternately: SIGKILL a server and restart it 5 s later; SIGSTOP one for 5 s and SIGCONT it). Prints per
 * interval operations, errors by type, stale reads and p99 latency, then a summary; exits 1 on any stale read.
 *
 * <pre>
 * benchmarks/soak.sh [--minutes M | --seconds S] [--threads N] [--rate OPS_PER_S] [--keys K]
 *                    [--fault-every S] [--policy fail-fast|failover]
 * </pre>
 * The store's other settings come from {@code -Dcachette.memcached.*} system properties.
 */
public final class SoakHarness {

    private static final long FAULT_HOLD_SECONDS = 5;

    private SoakHarness() {
    }

    /** Options of one run, parsed once. */
    record Options(Duration duration, int threads, int rate, int keys, Duration faultEvery, String policy) {

        static Options parse(String[] args) {
            Duration duration = Duration.ofMinutes(10);
            int threads = 4;
            int rate = 2_000;
            int keys = 1_000;
            Duration faultEvery = null;
            String policy = "fail-fast";
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    throw new IllegalArgumentException("usage");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--minutes" -> duration = Duration.ofMinutes(positive(name, value));
                    case "--seconds" -> duration = Duration.ofSeconds(positive(name, value));
                    case "--threads" -> threads = positive(name, value);
                    case "--rate" -> rate = positive(name, value);
                    case "--keys" -> keys = positive(name, value);
                    case "--fault-every" -> faultEvery = Duration.ofSeconds(positive(name, value));
                    case "--policy" -> {
                        if (!value.equals("fail-fast") && !value.equals("failover")) {
                            throw new IllegalArgumentException("--policy must be fail-fast or failover, was " + value);
                        }
                        policy = value;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (keys < threads) {
                throw new IllegalArgumentException("--keys must be at least --threads");
            }
            if (faultEvery == null) {
                // ~60 s; shorter runs get at least two faults
                long seconds = Math.max(FAULT_HOLD_SECONDS + 2, Math.min(60, duration.toSeconds() / 3));
                faultEvery = Duration.ofSeconds(seconds);
            }
            return new Options(duration, threads, rate, keys, faultEvery, policy);
        }

        private static int positive(String name, String value) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
        }

        /** Report every minute, or every 10 s for runs shorter than 5 minutes. */
        Duration reportEvery() {
            return duration.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofSeconds(10) : Duration.ofMinutes(1);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println((e.getMessage().equals("usage") ? "" : e.getMessage() + "\n")
                    + "usage: soak.sh [--minutes M | --seconds S] [--threads N] [--rate OPS_PER_S] [--keys K]"
                    + " [--fault-every S] [--policy fail-fast|failover]");
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    static int run(Options options) throws Exception {
        try (LocalMemcachedServers servers = LocalMemcachedServers.start(3, "-m", "64", "-t", "1")) {
            System.out.printf(Locale.ROOT, "soak: %s, %d threads, %d ops/s, %d keys, fault every %d s, policy %s, "
                            + "servers %s%n", options.duration(), options.threads(), options.rate(), options.keys(),
                    options.faultEvery().toSeconds(), options.policy(), servers.uri());
            Properties properties = new Properties();
            properties.setProperty("cachette.memcached.failure-policy", options.policy());
            // named: the benchmarks' class path also holds the peers' providers (Caffeine, Ehcache)
            CacheManager manager = Caching.getCachingProvider(CachetteCachingProvider.class.getName())
                    .getCacheManager(URI.create(servers.uri()), SoakHarness.class.getClassLoader(), properties);
            try {
                Cache<String, Long> cache = manager.createCache("soak",
                        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
                return soak(options, servers, cache);
            } finally {
                manager.close();
            }
        }
    }

    private static int soak(Options options, LocalMemcachedServers servers, Cache<String, Long> cache)
            throws Exception {
        SoakLoad load = new SoakLoad(cache, options.threads(), options.keys(), options.rate());
        SoakLoad.Histogram total = new SoakLoad.Histogram();
        long[] intervalCounts = SoakLoad.Histogram.empty();
        long startNanos = System.nanoTime();
        long endNanos = startNanos + options.duration().toNanos();
        load.start(endNanos + TimeUnit.SECONDS.toNanos(5));

        long reportEvery = options.reportEvery().toNanos();
        long faultEvery = options.faultEvery().toNanos();
        long nextReport = startNanos + reportEvery;
        long nextFault = startNanos + faultEvery;
        long lastOps = 0;
        int faults = 0;
        String faultLog = "";
        Runnable heal = null;
        long healAt = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (heal != null && now >= healAt) {
                heal.run();
                faultLog += " healed@" + seconds(now - startNanos) + "s";
                heal = null;
                healAt = Long.MAX_VALUE;
            }
            if (now >= endNanos) {
                break;
            }
            if (heal == null && now >= nextFault && endNanos - now > TimeUnit.SECONDS.toNanos(FAULT_HOLD_SECONDS + 1)) {
                int victim = faults % servers.count();
                boolean kill = faults % 2 == 0;
                if (kill) {
                    servers.kill(victim);
                    heal = () -> unchecked(() -> servers.restart(victim));
                } else {
                    servers.pause(victim);
                    heal = () -> unchecked(() -> servers.resume(victim));
                }
                faultLog += " " + (kill ? "SIGKILL " : "SIGSTOP ") + servers.hostPort(victim) + "@"
                        + seconds(now - startNanos) + "s";
                healAt = now + TimeUnit.SECONDS.toNanos(FAULT_HOLD_SECONDS);
                faults++;
                nextFault += faultEvery;
            }
            if (now >= nextReport) {
                lastOps = report(load, total, intervalCounts, startNanos, lastOps, reportEvery, faultLog, cache);
                faultLog = "";
                nextReport += reportEvery;
            }
            Thread.sleep(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(Math.min(nextReport, endNanos)
                    - System.nanoTime()))));
        }
        boolean stopped = load.stop(10_000);
        report(load, total, intervalCounts, startNanos, lastOps, System.nanoTime() - (nextReport - reportEvery),
                faultLog, cache);

        long[] all = total.snapshot();
        long stale = load.staleReads.sum();
        System.out.printf(Locale.ROOT, "%nsummary: %s, %d operations (%.0f ops/s), %d faults injected, errors %s "
                        + "(%d on reads), stale reads %d, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, store counters %s%s%n",
                options.duration(), load.operations.sum(),
                load.operations.sum() / Math.max(1.0, (System.nanoTime() - startNanos) / 1e9), faults,
                load.errors(), load.readErrors.sum(), stale, SoakLoad.Histogram.quantileMillis(all, 0.5),
                SoakLoad.Histogram.quantileMillis(all, 0.99), SoakLoad.Histogram.quantileMillis(all, 0.999),
                storeCounters(cache), stopped ? "" : ", LOAD THREADS DID NOT STOP");
        for (String example : load.staleExamples) {
            System.out.println("  stale: " + example);
        }
        System.out.println(stale == 0 ? "result: PASS (no stale read)" : "result: FAIL (" + stale + " stale reads)");
        return stale == 0 && stopped ? 0 : 1;
    }

    private static long report(SoakLoad load, SoakLoad.Histogram total, long[] counts, long startNanos, long lastOps,
                               long intervalNanos, String faults, Cache<String, Long> cache) {
        load.interval.drainInto(total, counts);
        long ops = load.operations.sum();
        System.out.printf(Locale.ROOT, "[%s +%4ds] ops %7d (%6.0f/s) errors %s stale %d p99 %.2f ms counters %s%s%n",
                Instant.now().toString().substring(11, 19), seconds(System.nanoTime() - startNanos), ops - lastOps,
                (ops - lastOps) / Math.max(0.001, intervalNanos / 1e9), load.errors(), load.staleReads.sum(),
                SoakLoad.Histogram.quantileMillis(counts, 0.99), storeCounters(cache),
                faults.isEmpty() ? "" : " faults:" + faults);
        return ops;
    }

    /** The memcached store's counters, read by reflection: this module compiles against the JCache API only. */
    private static String storeCounters(Cache<String, Long> cache) {
        try {
            Class<?> storeType = Class.forName("io.cachette.memcached.store.MemcachedStore", true,
                    SoakHarness.class.getClassLoader());
            Object store = cache.unwrap(storeType);
            Method counters = storeType.getMethod("counters");
            return String.valueOf(counters.invoke(store)).replace("MemcachedStoreCounters", "");
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return "n/a";
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void unchecked(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new IllegalStateException("fault injection failed: " + e.getMessage(), e);
        }
    }
}
