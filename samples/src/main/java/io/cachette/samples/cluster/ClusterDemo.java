package io.cachette.samples.cluster;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.MemcachedStoreCounters;
import io.cachette.samples.DemoCommand;
import io.cachette.testkit.LocalMemcachedServers;
import io.cachette.testkit.MemcachedBinaryNotFoundException;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The memcached cluster demo: a JCache cache over three memcached servers ({@code memcached://} CacheManager
 * URI) that shows how ketama spreads keys over the servers, that the application keeps running with counted
 * misses when one server is killed, and that the restarted server is re-admitted and serves again.
 */
public final class ClusterDemo {

    static final String USAGE = """
            Usage: mvn -B -q -pl samples -am -DskipTests package exec:java \\
                     -Dexec.mainClass=io.cachette.samples.cluster.ClusterDemo [-Dexec.args="OPTIONS"]

            Starts three memcached servers on free 127.0.0.1 ports, writes through a JCache cache on
            memcached://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3, shows how the keys spread over the servers
            (curr_items from each server's stats), kills one server and shows the application keeps running
            with counted misses, then restarts it and shows it re-admitted.

            Options:
              --keys N                  keys written (default 300, at most 100000)
              --servers host:port,...   use these running servers instead (spread only: the demo never kills
                                        servers it did not start)
              --memcached PATH          the memcached binary (default: $MEMCACHED_BINARY, then the PATH)
              --help                    this text

            Exit codes: 0 done; 1 failed or memcached missing (reason on stderr); 2 bad arguments.""";

    private static final String CACHE_NAME = "users";
    private static final long READMISSION_TIMEOUT_MILLIS = 30_000;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);

    private ClusterDemo() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the demo with {@code args}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return DemoCommand.run("cluster demo", USAGE, args, out, err, Options::parse, Options::help,
                (options, o, e) -> {
                    Report report = run(options, o, e);
                    if (report == null) {
                        return false;
                    }
                    if (report.killed() != null && report.readmittedMillis() < 0) {
                        e.println("The restarted server " + report.killed() + " was not re-admitted in time.");
                        return false;
                    }
                    return true;
                });
    }

    /**
     * What the demo saw.
     *
     * @param keys             keys written
     * @param itemsPerServer   {@code curr_items} per server after the first writes
     * @param hitsAllUp        hits reading every key with all servers up
     * @param killed           the server killed, or {@code null} when the demo uses servers it did not start
     * @param hitsOneDown      hits reading every key with that server down
     * @param missesOneDown    misses reading every key with that server down
     * @param storeCounters    what the memcached store counted (failed reads, dropped writes) with the server down
     * @param readmittedMillis how long after the restart every key was served again
     * @param itemsAfter       {@code curr_items} per server at the end
     */
    record Report(int keys, Map<String, Long> itemsPerServer, int hitsAllUp, String killed, int hitsOneDown,
                  int missesOneDown, MemcachedStoreCounters storeCounters, long readmittedMillis,
                  Map<String, Long> itemsAfter) {
    }

    /** Runs the demo; {@code null} when it cannot (reason said on {@code err}). */
    static Report run(Options options, PrintStream out, PrintStream err) throws Exception {
        if (!options.servers().isEmpty()) {
            for (String server : options.servers()) {
                if (!reachable(server)) {
                    err.println("Cannot reach memcached at " + server + ". Start it, pass the right --servers,"
                            + " or leave --servers out to let the demo start its own servers.");
                    return null;
                }
            }
            out.printf("1. Using the memcached servers %s%n", String.join(", ", options.servers()));
            return run(options.keys(), options.servers(), null, out);
        }
        LocalMemcachedServers started;
        try {
            started = options.memcachedBinary() == null ? LocalMemcachedServers.start(3, "-m", "32")
                    : LocalMemcachedServers.start(options.memcachedBinary(), 3, List.of("-m", "32"));
        } catch (MemcachedBinaryNotFoundException e) {
            err.println(e.getMessage());
            err.println("Or run the demo against running servers:  --servers host:port,host:port");
            return null;
        }
        try (started) {
            out.printf("1. Started 3 memcached servers (%s): %s%n", started.binary(),
                    String.join(", ", started.hostPorts()));
            return run(options.keys(), started.hostPorts(), started, out);
        }
    }

    /** Whether something accepts TCP connections at {@code host:port} (within a second). */
    private static boolean reachable(String hostPort) {
        ServerAddress address = ServerAddress.parse(hostPort);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The demo over {@code servers}; kills and restarts one of {@code started} unless that is {@code null}. */
    private static Report run(int keys, List<String> servers, LocalMemcachedServers started, PrintStream out)
            throws Exception {
        // a fresh key prefix per run, so that an earlier run's items in the same servers do not count
        String prefix = "cluster-demo-" + UUID.randomUUID().toString().substring(0, 8);
        // a generous reply timeout: a busy machine must not turn a slow reply from a live server into a miss
        URI uri = URI.create("memcached://" + String.join(",", servers) + "?key-prefix=" + prefix
                + "&operation-timeout-ms=2000");
        CachingProvider provider = Caching.getCachingProvider();
        try (MemcachedClient admin = MemcachedClient.builder().servers(servers.toArray(String[]::new))
                .operationTimeout(ADMIN_TIMEOUT).build();
             CacheManager manager = provider.getCacheManager(uri, provider.getDefaultClassLoader())) {
            Cache<String, String> cache = manager.createCache(CACHE_NAME,
                    new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            out.printf("2. JCache cache '%s' on CacheManager %s%n", CACHE_NAME, uri);

            for (int i = 0; i < keys; i++) {
                cache.put(key(i), value(i));
            }
            Map<String, Long> spread = items(admin);
            out.printf(Locale.ROOT, "3. Wrote %,d keys; ketama spread them over the servers (curr_items from stats, "
                    + "+1 item somewhere: the cache's generation counter):%n", keys);
            printItems(out, spread);
            int hitsAllUp = countHits(cache, keys);
            out.printf(Locale.ROOT, "   Read them back: %,d of %,d hits%n", hitsAllUp, keys);

            if (started == null) {
                out.println("4. Skipping kill and restart: the demo only kills servers it started itself"
                        + " (run it without --servers to see them).");
                return new Report(keys, spread, hitsAllUp, null, 0, 0, counters(cache), -1, spread);
            }

            int victim = 1;
            started.kill(victim);
            out.printf("4. Killed memcached on %s (SIGKILL). The application carries on:%n", started.hostPort(victim));
            int hitsOneDown = countHits(cache, keys);
            int missesOneDown = keys - hitsOneDown;
            for (int i = 0; i < keys; i++) {
                cache.put(key(i), value(i)); // writes to the dead server are dropped, not thrown
            }
            MemcachedStoreCounters down = counters(cache);
            out.printf(Locale.ROOT, "   read %,d keys: %,d hits, %,d misses (the dead server's keys), no exception%n",
                    keys, hitsOneDown, missesOneDown);
            out.printf(Locale.ROOT, "   wrote %,d keys: the store dropped and counted %,d writes; failed reads counted:"
                    + " %,d (the gets, and the read that each JCache put makes first)%n", keys, down.droppedWrites(),
                    down.failedReads());

            long restartedAt = System.nanoTime();
            started.restart(victim);
            out.printf("5. Restarted an empty memcached on %s; waiting until the client re-admits it ...%n",
                    started.hostPort(victim));
            long readmittedMillis = awaitReadmission(cache, keys, restartedAt);
            if (readmittedMillis < 0) {
                out.printf(Locale.ROOT, "   %s was not re-admitted within %,d ms%n", started.hostPort(victim),
                        READMISSION_TIMEOUT_MILLIS);
            } else {
                out.printf(Locale.ROOT, "   re-admitted: after %,d ms every one of the %,d keys is written and read"
                        + " again%n", readmittedMillis, keys);
            }
            Map<String, Long> after = items(admin);
            out.println("6. Items per server now (curr_items; items of an older generation of the cache, left by a fence,"
                    + " stay until memcached's LRU reclaims them):");
            printItems(out, after);
            return new Report(keys, spread, hitsAllUp, started.hostPort(victim), hitsOneDown, missesOneDown, down,
                    readmittedMillis, after);
        }
    }

    /**
     * Rewrites the keys that miss and reads them all again, until every key hits (the restarted server is
     * re-admitted, which the client does only once it flushed it) or the timeout passes; the milliseconds since
     * the restart, or -1.
     */
    private static long awaitReadmission(Cache<String, String> cache, int keys, long restartedAt)
            throws InterruptedException {
        long deadline = restartedAt + TimeUnit.MILLISECONDS.toNanos(READMISSION_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            int hits = 0;
            for (int i = 0; i < keys; i++) {
                if (value(i).equals(cache.get(key(i)))) {
                    hits++;
                } else {
                    cache.put(key(i), value(i));
                }
            }
            if (hits == keys) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            }
            Thread.sleep(200);
        }
        return -1;
    }

    private static int countHits(Cache<String, String> cache, int keys) {
        int hits = 0;
        for (int i = 0; i < keys; i++) {
            if (value(i).equals(cache.get(key(i)))) {
                hits++;
            }
        }
        return hits;
    }

    private static MemcachedStoreCounters counters(Cache<String, String> cache) {
        return cache.unwrap(MemcachedStore.class).counters();
    }

    /** {@code curr_items} per server, {@code -1} for a server that does not answer. */
    private static Map<String, Long> items(MemcachedClient admin) {
        Map<String, Long> items = new LinkedHashMap<>();
        for (ServerAddress server : admin.servers()) {
            long count;
            try {
                Map<String, String> stats = admin.stats(server).get(ADMIN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
                count = Long.parseLong(stats.getOrDefault("curr_items", "-1"));
            } catch (Exception e) {
                count = -1;
            }
            items.put(server.toString(), count);
        }
        return items;
    }

    private static void printItems(PrintStream out, Map<String, Long> items) {
        long total = items.values().stream().mapToLong(v -> Math.max(v, 0)).sum();
        items.forEach((server, count) -> {
            if (count < 0) {
                out.printf(Locale.ROOT, "     %-22s %8s%n", server, "down");
            } else {
                out.printf(Locale.ROOT, "     %-22s %8d items  %5.1f%%%n", server, count,
                        total == 0 ? 0.0 : 100.0 * count / total);
            }
        });
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "user:%05d", i);
    }

    private static String value(int i) {
        return "profile of user " + i;
    }

    /** The parsed command line. */
    record Options(boolean help, int keys, List<String> servers, String memcachedBinary) {

        static Options parse(String[] args) {
            int keys = 300;
            List<String> servers = List.of();
            String binary = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        return new Options(true, 0, List.of(), null);
                    }
                    case "--keys" -> keys = keys(value(args, ++i, arg));
                    case "--servers" -> servers = servers(value(args, ++i, arg));
                    case "--memcached" -> binary = value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'.");
                }
            }
            return new Options(false, keys, servers, binary);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value.");
            }
            return args[index];
        }

        private static int keys(String value) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 1 && parsed <= 100_000) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--keys must be a whole number from 1 to 100000, not '" + value + "'.");
        }

        private static List<String> servers(String text) {
            List<String> servers = new ArrayList<>();
            for (String part : text.split(",")) {
                String server = part.trim();
                try {
                    ServerAddress.parse(server);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--servers: '" + server + "' is not host:port ("
                            + e.getMessage() + ").");
                }
                servers.add(server);
            }
            return List.copyOf(servers);
        }
    }
}
