package io.cachette.bench.herd;

import io.cachette.jcache.CachetteCache;
import io.cachette.store.HerdCounters;
import io.cachette.testkit.LocalMemcachedServers;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;

/**
 * Herd control under a miss storm (issue 17): two cache managers (separate clients, standing for two JVMs; told
 * apart by class loader) × {@code threads} threads miss one key at once through read-through {@code get}, the
 * loader taking {@code loadMillis}; repeated for {@code storms} storms, each on a fresh key, the contenders taking
 * turns storm by storm (so a machine that drifts in speed weighs on all of them alike), after 5 storms of warm-up.
 * Contenders: {@code naive} (memcached, {@code herd.lease-seconds=0}: no lease, so each JVM loads the key once of
 * its own; its threads still share that load), {@code herd} (memcached, default herd settings: one load across the
 * JVMs), {@code local} (the local store: one load per JVM). Printed as Markdown: loader calls per storm, callers'
 * latency (from the storm's release to the value) p50 / p99 / max, the herd counters, and the ratios naive/herd.
 *
 * <p>Arguments: storms (default 20), threads per manager (default 16), loader milliseconds (default 50). Starts
 * three memcached servers on loopback ports of its own.
 */
public final class MissStorm {

    private static final String PROVIDER = "io.cachette.jcache.CachetteCachingProvider";
    private static final int MANAGERS = 2;
    private static final int WARM_UP_STORMS = 5;
    private static final long CALL_TIMEOUT_SECONDS = 60;

    /** Loader calls of every contender's caches; a storm's count is the difference. */
    static final AtomicInteger LOADS = new AtomicInteger();
    static volatile long loadMillis = 50;

    private MissStorm() {
    }

    /** Loads {@code "value-" + key} in {@code loadMillis}, counting the calls. */
    public static final class SlowLoader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            LOADS.incrementAndGet();
            try {
                Thread.sleep(loadMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "value-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new HashMap<>();
            for (String key : keys) {
                loaded.put(key, load(key));
            }
            return loaded;
        }
    }

    /** What one contender's storms measured. */
    public record Result(String contender, int[] loadsPerStorm, long[] latencyNanos, HerdCounters herd) {

        double meanLoads() {
            return Arrays.stream(loadsPerStorm).average().orElse(0);
        }

        int minLoads() {
            return Arrays.stream(loadsPerStorm).min().orElse(0);
        }

        int maxLoads() {
            return Arrays.stream(loadsPerStorm).max().orElse(0);
        }

        /** The {@code p}-th percentile (nearest rank) of the callers' latencies, in ms. */
        double percentileMillis(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int storms = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        loadMillis = args.length > 2 ? Long.parseLong(args[2]) : 50;
        List<Result> results;
        try (LocalMemcachedServers servers = LocalMemcachedServers.start(3, "-t", "2")) {
            results = run(servers.uri(), storms, threads);
        }
        print(results, storms, threads);
    }

    /** Runs every contender's storms against the memcached servers of {@code memcachedUri}. */
    public static List<Result> run(String memcachedUri, int storms, int threads) throws Exception {
        Map<String, URI> contenders = new LinkedHashMap<>();
        contenders.put("naive", URI.create(memcachedUri + "?herd.lease-seconds=0"));
        contenders.put("herd", URI.create(memcachedUri));
        contenders.put("local", URI.create("cachette:local"));
        CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        List<CacheManager> opened = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(MANAGERS * threads);
        try {
            Map<String, List<Cache<String, String>>> caches = new LinkedHashMap<>();
            for (Map.Entry<String, URI> contender : contenders.entrySet()) {
                List<Cache<String, String>> managersCaches = new ArrayList<>();
                for (int m = 0; m < MANAGERS; m++) {
                    // one manager per class loader: separate clients (or local stores), as separate JVMs have
                    CacheManager manager = provider.getCacheManager(contender.getValue(),
                            new URLClassLoader(new URL[0], MissStorm.class.getClassLoader()));
                    opened.add(manager);
                    managersCaches.add(manager.createCache("storm-" + contender.getKey(),
                            new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                                    .setReadThrough(true)
                                    .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class))));
                }
                caches.put(contender.getKey(), managersCaches);
            }
            Map<String, int[]> loads = new LinkedHashMap<>();
            Map<String, long[]> latencies = new LinkedHashMap<>();
            Map<String, HerdCounters> herdBefore = new HashMap<>();
            int callers = MANAGERS * threads;
            for (String contender : caches.keySet()) {
                loads.put(contender, new int[storms]);
                latencies.put(contender, new long[storms * callers]);
            }
            for (int round = -WARM_UP_STORMS; round < storms; round++) {
                if (round == 0) {
                    caches.forEach((contender, list) -> herdBefore.put(contender, herd(list)));
                }
                for (Map.Entry<String, List<Cache<String, String>>> contender : caches.entrySet()) {
                    int loadsBefore = LOADS.get();
                    long[] measured = storm(pool, contender.getValue(), threads, "key-" + round);
                    if (round >= 0) {
                        loads.get(contender.getKey())[round] = LOADS.get() - loadsBefore;
                        System.arraycopy(measured, 0, latencies.get(contender.getKey()), round * callers,
                                callers);
                    }
                    Thread.sleep(20); // lets the last storm's leftovers (lease deletes, I/O) settle
                }
            }
            List<Result> results = new ArrayList<>();
            for (String contender : caches.keySet()) {
                HerdCounters after = herd(caches.get(contender));
                HerdCounters before = herdBefore.get(contender);
                results.add(new Result(contender, loads.get(contender), latencies.get(contender),
                        new HerdCounters(after.leasesWon() - before.leasesWon(), after.waits() - before.waits(),
                                after.waitTimeouts() - before.waitTimeouts(),
                                after.staleServed() - before.staleServed())));
            }
            return results;
        } finally {
            pool.shutdownNow();
            opened.forEach(CacheManager::close);
        }
    }

    /** One storm: every cache's threads released at once on {@code key}; each caller's latency. */
    private static long[] storm(ExecutorService pool, List<Cache<String, String>> caches, int threads, String key)
            throws Exception {
        int callers = caches.size() * threads;
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> calls = new ArrayList<>();
        for (Cache<String, String> cache : caches) {
            for (int t = 0; t < threads; t++) {
                Callable<Long> call = () -> {
                    ready.countDown();
                    if (!go.await(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the storm never started");
                    }
                    long start = System.nanoTime();
                    String value = cache.get(key);
                    long took = System.nanoTime() - start;
                    if (!("value-" + key).equals(value)) {
                        throw new IllegalStateException("a caller got " + value + " for " + key);
                    }
                    return took;
                };
                calls.add(pool.submit(call));
            }
        }
        if (!ready.await(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the storm's threads never got ready");
        }
        go.countDown();
        long[] latencies = new long[callers];
        for (int i = 0; i < callers; i++) {
            latencies[i] = calls.get(i).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return latencies;
    }

    private static HerdCounters herd(List<Cache<String, String>> caches) {
        HerdCounters sum = HerdCounters.NONE;
        for (Cache<String, String> cache : caches) {
            sum = sum.plus(cache.unwrap(CachetteCache.class).herdCounters());
        }
        return sum;
    }

    private static void print(List<Result> results, int storms, int threads) {
        System.out.printf(Locale.ROOT, "## Miss storm: %d cache managers x %d threads miss one key at once,"
                + " loader %d ms, %d storms%n%n", MANAGERS, threads, loadMillis, storms);
        System.out.println("| contender | loader calls per storm (min–max) | caller p50 ms | p99 ms | max ms"
                + " | leases won | waits | waits ran out |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, Result> byName = new HashMap<>();
        for (Result result : results) {
            byName.put(result.contender(), result);
            System.out.printf(Locale.ROOT, "| %s | %.2f (%d–%d) | %.1f | %.1f | %.1f | %d | %d | %d |%n",
                    result.contender(), result.meanLoads(), result.minLoads(), result.maxLoads(),
                    result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(100),
                    result.herd().leasesWon(), result.herd().waits(), result.herd().waitTimeouts());
        }
        Result naive = byName.get("naive");
        Result herd = byName.get("herd");
        System.out.printf(Locale.ROOT, "%nnaive/herd: loader calls %.2f, caller p99 %.2f%n",
                naive.meanLoads() / herd.meanLoads(), naive.percentileMillis(99) / herd.percentileMillis(99));
    }
}
