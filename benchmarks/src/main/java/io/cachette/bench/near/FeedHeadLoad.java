package io.cachette.bench.near;

import io.cachette.bench.hibernate.MemcachedStats;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.testkit.LocalMemcachedServers;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The near tier's hot key at scale (issue 20), as a model checked against a measurement. Every strict read in a
 * cache manager needs a read of the manager's change-feed head sent after the read began, and the head is one key on
 * one server. Concurrent reads of a manager share one head read, at most one in flight, so a manager sends at most
 * one head read per round trip whatever its load: from N managers (JVMs) each offering L strict operations or
 * Hibernate transactions per second, the head's server sees about {@code N × min(L, 1/RTT)} reads per second.
 *
 * <p>Measured here with N = 1, 2, 4 and 8 cache managers in one JVM (each with its own client and feed follower, as
 * N JVMs would have; told apart by class loader), {@code threads} threads each reading random keys through strict
 * near tiers on three memcached servers the harness starts, for {@code seconds} seconds per N, once with the head
 * alone and once with three copies of it ({@code near-cache.head-replicas=3}, reads spread over the three servers),
 * one after the other for each N. Printed per N and R: operations/s, head reads/s (all managers, and per manager),
 * commands/s on the busiest server, and the model's figure for it from the one-manager run; the busiest server's
 * ratio R=3 / R=1; what a change costs with each R (one thread putting, one manager); then the model for 1 to 1,000
 * JVMs at the measured round trip, {@code N × min(L, 1/RTT) / R} on the busiest server.
 *
 * <p>Arguments: seconds per N (default 3), threads per manager (default 2).
 */
public final class FeedHeadLoad {

    private static final int KEYS = 1_000;
    private static final int[] MANAGERS = {1, 2, 4, 8};
    private static final int[] REPLICAS = {1, 3};
    private static final int[] MODEL_JVMS = {1, 10, 100, 1_000};
    private static final int[] MODEL_LOADS = {200, 2_000};
    private static final String PROVIDER = "io.cachette.jcache.CachetteCachingProvider";

    private FeedHeadLoad() {
    }

    /** One measured N and R. */
    record Row(int managers, int replicas, double opsPerSecond, double headReadsPerSecond,
               double busiestServerPerSecond) {

        double headReadsPerManager() {
            return headReadsPerSecond / managers;
        }
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Row> rows = new ArrayList<>();
        double[] putMicros = new double[REPLICAS.length];
        try (LocalMemcachedServers servers = LocalMemcachedServers.start(3, "-t", "2")) {
            for (int managers : MANAGERS) {
                for (int replicas : REPLICAS) {
                    rows.add(measure(servers, managers, replicas, threads, seconds));
                }
            }
            for (int r = 0; r < REPLICAS.length; r++) {
                putMicros[r] = putMicros(servers, REPLICAS[r], seconds);
            }
        }
        print(rows, putMicros, threads, seconds);
    }

    private static URI uri(LocalMemcachedServers servers, int replicas, String prefix) {
        return URI.create(servers.uri() + "?near-cache.max-entries=" + (2 * KEYS) + "&near-cache.head-replicas="
                + replicas + "&key-prefix=" + prefix);
    }

    /** Mean microseconds of one put through a strict near tier (head advanced, record, copies raised, data). */
    private static double putMicros(LocalMemcachedServers servers, int replicas, long seconds) {
        CacheManager manager = Caching.getCachingProvider(PROVIDER).getCacheManager(uri(servers, replicas,
                "write" + replicas), new URLClassLoader(new URL[0], FeedHeadLoad.class.getClassLoader()));
        try {
            Cache<Integer, Long> cache = manager.createCache("write",
                    new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() - warm < 0) {
                cache.put(random.nextInt(KEYS), 1L);
            }
            long puts = 0;
            long started = System.nanoTime();
            long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() - deadline < 0) {
                cache.put(random.nextInt(KEYS), puts);
                puts++;
            }
            return (System.nanoTime() - started) / 1e3 / puts;
        } finally {
            manager.close();
        }
    }

    private static Row measure(LocalMemcachedServers servers, int managers, int replicas, int threads, long seconds)
            throws Exception {
        URI uri = uri(servers, replicas, "load" + managers + "r" + replicas);
        CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        List<CacheManager> opened = new ArrayList<>();
        List<Cache<Integer, Long>> caches = new ArrayList<>();
        try {
            for (int m = 0; m < managers; m++) {
                // one manager per class loader: separate clients and feed followers, as separate JVMs have
                CacheManager manager = provider.getCacheManager(uri,
                        new URLClassLoader(new URL[0], FeedHeadLoad.class.getClassLoader()));
                opened.add(manager);
                caches.add(manager.createCache("load",
                        new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class)));
            }
            for (int k = 0; k < KEYS; k++) {
                caches.get(0).put(k, (long) k);
            }
            run(caches, threads, TimeUnit.SECONDS.toNanos(1)); // fills the near tiers, past their quarantine

            long headsBefore = headReads(caches);
            List<MemcachedStats> before = stats(servers);
            long started = System.nanoTime();
            long ops = run(caches, threads, TimeUnit.SECONDS.toNanos(seconds));
            double elapsed = (System.nanoTime() - started) / 1e9;
            List<MemcachedStats> after = stats(servers);
            double busiest = 0;
            for (int i = 0; i < after.size(); i++) {
                busiest = Math.max(busiest, after.get(i).minus(before.get(i)).commands() / elapsed);
            }
            return new Row(managers, replicas, ops / elapsed, (headReads(caches) - headsBefore) / elapsed, busiest);
        } finally {
            opened.forEach(CacheManager::close);
        }
    }

    /** Runs {@code threads} readers per cache for {@code nanos}; the number of reads made. */
    private static long run(List<Cache<Integer, Long>> caches, int threads, long nanos) throws InterruptedException {
        LongAdder reads = new LongAdder();
        long deadline = System.nanoTime() + nanos;
        List<Thread> running = new ArrayList<>();
        for (Cache<Integer, Long> cache : caches) {
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long done = 0;
                    while (System.nanoTime() - deadline < 0) {
                        if (cache.get(random.nextInt(KEYS)) == null) {
                            throw new IllegalStateException("a key went missing");
                        }
                        done++;
                    }
                    reads.add(done);
                });
                thread.start();
                running.add(thread);
            }
        }
        for (Thread thread : running) {
            thread.join();
        }
        return reads.sum();
    }

    private static long headReads(List<Cache<Integer, Long>> caches) {
        long sum = 0;
        for (Cache<Integer, Long> cache : caches) {
            sum += cache.unwrap(MemcachedStore.class).nearCacheCounters().headReads();
        }
        return sum;
    }

    private static List<MemcachedStats> stats(LocalMemcachedServers servers) throws java.io.IOException {
        List<MemcachedStats> stats = new ArrayList<>();
        for (String hostPort : servers.hostPorts()) {
            stats.add(MemcachedStats.of(hostPort));
        }
        return stats;
    }

    private static void print(List<Row> rows, double[] putMicros, int threads, long seconds) {
        Row one = rows.get(0);
        double roundTripMicros = 1e6 / one.headReadsPerManager();
        System.out.printf(Locale.ROOT, "## Feed head load, measured (%d threads per manager, %d s each)%n%n",
                threads, seconds);
        System.out.println("| managers | R | reads/s | head reads/s | per manager | busiest server cmd/s"
                + " | model: N x one manager's head reads/s / R |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n", row.managers(),
                    row.replicas(), row.opsPerSecond(), row.headReadsPerSecond(), row.headReadsPerManager(),
                    row.busiestServerPerSecond(), row.managers() * one.headReadsPerManager() / row.replicas());
        }
        System.out.println();
        System.out.println("| managers | busiest server cmd/s, R=1 | busiest server cmd/s, R=3 | ratio R=3/R=1"
                + " | busiest server's share of head reads, R=3 |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i + 1 < rows.size(); i += REPLICAS.length) {
            Row single = rows.get(i);
            Row three = rows.get(i + 1);
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %.2f |%n", single.managers(),
                    single.busiestServerPerSecond(), three.busiestServerPerSecond(),
                    three.busiestServerPerSecond() / single.busiestServerPerSecond(),
                    three.busiestServerPerSecond() / three.headReadsPerSecond());
        }
        System.out.println();
        System.out.println("| R | one put (one thread, strict near tier) |");
        System.out.println("|---|---|");
        for (int r = 0; r < REPLICAS.length; r++) {
            System.out.printf(Locale.ROOT, "| %d | %.0f µs |%n", REPLICAS[r], putMicros[r]);
        }
        System.out.printf(Locale.ROOT, "%nOne manager, saturated: one head read per %.0f µs (its round trip here).%n%n",
                roundTripMicros);
        System.out.println("## Model: head reads/s on the busiest server = JVMs x min(load, 1/RTT) / R");
        System.out.println();
        StringBuilder header = new StringBuilder("| JVMs |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int load : MODEL_LOADS) {
            for (int replicas : REPLICAS) {
                header.append(String.format(Locale.ROOT, " %,d tx/s per JVM, R=%d |", load, replicas));
                rule.append("---|");
            }
        }
        for (int replicas : REPLICAS) {
            header.append(" saturated (1/RTT each), R=").append(replicas).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (int jvms : MODEL_JVMS) {
            StringBuilder line = new StringBuilder("| " + String.format(Locale.ROOT, "%,d", jvms) + " |");
            for (int load : MODEL_LOADS) {
                for (int replicas : REPLICAS) {
                    line.append(String.format(Locale.ROOT, " %,.0f |",
                            jvms * Math.min(load, one.headReadsPerManager()) / replicas));
                }
            }
            for (int replicas : REPLICAS) {
                line.append(String.format(Locale.ROOT, " %,.0f |", jvms * one.headReadsPerManager() / replicas));
            }
            System.out.println(line);
        }
    }
}
