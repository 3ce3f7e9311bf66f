package io.cachette.samples.bookstore;

import io.cachette.hibernate.CachetteRegionFactory;
import io.cachette.samples.DemoCommand;
import io.cachette.store.StoreFactory;
import io.cachette.testkit.LocalMemcachedServers;
import io.cachette.testkit.LocalPostgres;
import io.cachette.testkit.MemcachedBinaryNotFoundException;
import io.cachette.testkit.PostgresNotFoundException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hibernate bookstore: the same read-heavy workload on an H2 bookstore, once without and once with
 * Hibernate's second-level and query caches on Cachette ({@code hibernate.cache.region.factory_class=cachette}),
 * printing side by side the SQL statements, the L2 hit ratio, the query-cache hits and the elapsed time. With
 * {@code --backend memcached --servers host:port,...} the caches live in memcached. With
 * {@code --database postgres} the bookstore lives on a throwaway PostgreSQL server (testkit's {@link LocalPostgres})
 * and the workload runs four times: no second-level cache, Cachette's local store, and memcached (the
 * {@code --servers} given, else three throwaway local servers) without and with its near tier (the region
 * factory's default on memcached: strict for the read-write entities).
 */
public final class BookstoreDemo {

    static final String USAGE = """
            Usage: mvn -B -q -pl samples -am -DskipTests package exec:java \\
                     -Dexec.mainClass=io.cachette.samples.bookstore.BookstoreDemo [-Dexec.args="OPTIONS"]

            Loads a bookstore (authors, books, reviews) into a database and runs the same read-heavy workload
            twice: with Hibernate's second-level cache off, then on Cachette
            (hibernate.cache.region.factory_class=cachette). Prints SQL statements, L2 hit ratio, query-cache
            hits and elapsed time side by side.

            Options:
              --database h2|postgres      h2 (default): in memory inside this JVM; postgres: a throwaway
                                          PostgreSQL server on 127.0.0.1 (needs apt-get install postgresql),
                                          and the workload runs with no L2, the local store, and memcached
                                          without and with its near tier
              --backend local|memcached   where the cache lives with h2 (default local: Cachette's in-JVM store)
              --servers host:port,...     the memcached servers (required with --backend memcached; with
                                          --database postgres, default: three throwaway local servers)
              --authors N                 authors to load (default 300)
              --books N                   books to load (default 3000)
              --reviews N                 reviews to load (default 6000)
              --requests N                requests in the workload (default 5000)
              --seed N                    seed of the data and the workload (default 42)
              --help                      this text

            Exit codes: 0 done; 1 failed (reason on stderr); 2 bad arguments.""";

    /** Keeps Hibernate's start-up chatter out of the demo's output (a strong reference: JUL holds weak ones). */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

    private BookstoreDemo() {
    }

    public static void main(String[] args) {
        HIBERNATE_LOG.setLevel(Level.SEVERE);
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the demo with {@code args}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return DemoCommand.run("bookstore demo", USAGE, args, out, err, Options::parse, Options::help,
                (options, o, e) -> run(options, o, e) != null);
    }

    /** Runs the passes and prints the comparison; {@code null} when something is not usable (said on err). */
    static Bookstore.Report[] run(Options options, PrintStream out, PrintStream err) {
        return options.postgres() ? runOnPostgres(options, out, err) : runOnH2(options, out, err);
    }

    private static Bookstore.Report[] runOnH2(Options options, PrintStream out, PrintStream err) {
        Map<String, Object> cacheOn;
        String backendLabel;
        if (options.memcached()) {
            if (!memcachedUsable(options.servers(), err)) {
                return null;
            }
            cacheOn = cacheOnMemcached(options.servers());
            backendLabel = "memcached " + String.join(",", options.servers());
        } else {
            cacheOn = cacheOnLocalStore();
            backendLabel = "local store";
        }
        Bookstore.Sizes sizes = options.sizes();
        out.printf(Locale.ROOT, "Cachette bookstore: Hibernate's second-level cache on Cachette (%s)%n", backendLabel);
        printData(out, sizes, "H2 (in memory)");
        Bookstore bookstore = new Bookstore(sizes);
        out.println();
        out.println("Run 1: second-level cache off ...");
        Bookstore.Report off = bookstore.run(cacheOff());
        out.println("Run 2: second-level cache on (hibernate.cache.region.factory_class=cachette) ...");
        Bookstore.Report on = bookstore.run(cacheOn);
        out.println();
        Bookstore.Report[] reports = {off, on};
        printComparison(out, List.of("L2 off", "L2 on"), reports);
        if (!sameData(reports, err)) {
            return null;
        }
        if (on.sqlStatements() > 0) {
            out.printf(Locale.ROOT, "With the second-level cache on, the same workload sent %.1fx fewer SQL statements"
                    + " and read the same data.%n", (double) off.sqlStatements() / on.sqlStatements());
        }
        if (on.elapsedMillis() > off.elapsedMillis()) {
            out.println("(H2 runs in memory inside this JVM, so a query costs less here than a cache round trip over"
                    + " the network; against a database server every statement saved is a round trip saved.)");
        }
        return reports;
    }

    /** No L2, the local store, memcached: three runs on a throwaway PostgreSQL server. */
    private static Bookstore.Report[] runOnPostgres(Options options, PrintStream out, PrintStream err) {
        if (!memcachedUsable(options.servers(), err)) {
            return null;
        }
        LocalMemcachedServers startedMemcached = null;
        try (LocalPostgres postgres = LocalPostgres.start()) {
            List<String> servers = options.servers();
            String serversLabel = String.join(",", servers);
            if (servers.isEmpty()) {
                startedMemcached = LocalMemcachedServers.start(3);
                servers = startedMemcached.hostPorts();
                serversLabel = "3 throwaway local servers";
            }
            Bookstore.Sizes sizes = options.sizes();
            out.printf(Locale.ROOT, "Cachette bookstore on PostgreSQL: no second-level cache, Cachette's local store,"
                    + " and memcached (%s)%n", serversLabel);
            printData(out, sizes, "a throwaway PostgreSQL server (127.0.0.1:" + postgres.port() + ")");
            Bookstore bookstore = new Bookstore(sizes, () -> freshDatabase(postgres));
            out.println();
            out.println("Run 1: second-level cache off ...");
            Bookstore.Report off = bookstore.run(cacheOff());
            out.println("Run 2: second-level cache on Cachette's local store ...");
            Bookstore.Report local = bookstore.run(cacheOnLocalStore());
            out.println("Run 3: second-level cache on memcached without a near tier ...");
            Map<String, Object> withoutNear = new HashMap<>(cacheOnMemcached(servers));
            withoutNear.put(CachetteRegionFactory.NEAR_CACHE_MAX_ENTRIES, "0");
            Bookstore.Report remote = bookstore.run(withoutNear);
            out.println("Run 4: second-level cache on memcached with its near tier (the default) ...");
            Bookstore.Report memcached = bookstore.run(cacheOnMemcached(servers));
            out.println();
            Bookstore.Report[] reports = {off, local, remote, memcached};
            printComparison(out, List.of("no L2", "local", "memcached", "memcached+near"), reports);
            if (!sameData(reports, err)) {
                return null;
            }
            out.printf(Locale.ROOT, "With the second-level cache on, the same workload sent %s fewer SQL statements"
                    + " on the local store and %s fewer on memcached, and every run read the same data.%n",
                    fewer(off, local), fewer(off, memcached));
            return reports;
        } catch (PostgresNotFoundException | MemcachedBinaryNotFoundException e) {
            err.println(e.getMessage());
            return null;
        } catch (IOException e) {
            err.println("Could not start a throwaway database or memcached server: " + e.getMessage());
            return null;
        } finally {
            if (startedMemcached != null) {
                startedMemcached.close();
            }
        }
    }

    private static Map<String, Object> freshDatabase(LocalPostgres postgres) {
        try {
            return Map.of("hibernate.connection.url", postgres.jdbcUrl(postgres.createDatabase()),
                    "hibernate.connection.username", LocalPostgres.USER,
                    "hibernate.connection.password", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> cacheOff() {
        return Map.of("hibernate.cache.use_second_level_cache", "false",
                "hibernate.cache.use_query_cache", "false");
    }

    private static Map<String, Object> cacheOn() {
        Map<String, Object> cacheOn = new HashMap<>();
        cacheOn.put("hibernate.cache.use_second_level_cache", "true");
        cacheOn.put("hibernate.cache.use_query_cache", "true");
        cacheOn.put("hibernate.cache.region.factory_class", "cachette");
        return cacheOn;
    }

    private static Map<String, Object> cacheOnLocalStore() {
        Map<String, Object> cacheOn = cacheOn();
        cacheOn.put(CachetteRegionFactory.URI, "cachette:bookstore-" + UUID.randomUUID());
        return cacheOn;
    }

    private static Map<String, Object> cacheOnMemcached(List<String> servers) {
        Map<String, Object> cacheOn = cacheOn();
        // a fresh key prefix per run: an earlier run's entries in the same servers are not reused
        String prefix = "bookstore-" + UUID.randomUUID().toString().substring(0, 8);
        // Hibernate caches an entity's state as a java.io.Serializable[]: the memcached store's
        // deserialization allow-list does not admit that array type by default, so the demo admits it
        cacheOn.put(CachetteRegionFactory.URI, "memcached://" + String.join(",", servers)
                + "?key-prefix=" + prefix + "&deserialization.allow=java.io.Serializable");
        return cacheOn;
    }

    /** Whether the memcached backend is on the class path and every server answers; if not, says why on err. */
    private static boolean memcachedUsable(List<String> servers, PrintStream err) {
        if (!memcachedBackendAvailable()) {
            err.println("The memcached backend is not available: no io.cachette.store.StoreFactory for the "
                    + "'memcached' scheme is on the class path (it ships in io.cachette:cachette-memcached). "
                    + "Run with --backend local, or add that jar.");
            return false;
        }
        String unreachable = firstUnreachable(servers);
        if (unreachable != null) {
            err.println("Cannot reach memcached at " + unreachable + ". Start it (e.g. memcached -l 127.0.0.1 -p "
                    + unreachable.substring(unreachable.lastIndexOf(':') + 1)
                    + ") or pass the right --servers.");
            return false;
        }
        return true;
    }

    private static void printData(PrintStream out, Bookstore.Sizes sizes, String where) {
        out.printf(Locale.ROOT, "Data: %,d authors, %,d books, %,d reviews in %s, loaded afresh for each run%n",
                sizes.authors(), sizes.books(), sizes.reviews(), where);
        out.printf(Locale.ROOT, "Workload: %,d requests, one transaction each, seed %d: 70%% book page (book, author,"
                + " reviews), 18%% author page (query of their books), 10%% genre top-10 (query), 2%% new review%n",
                sizes.requests(), sizes.seed());
    }

    private static boolean sameData(Bookstore.Report[] reports, PrintStream err) {
        for (Bookstore.Report report : reports) {
            if (report.checksum() != reports[0].checksum()) {
                err.printf(Locale.ROOT, "The runs read different data (checksums %d and %d): the cache served stale"
                        + " or wrong results.%n", reports[0].checksum(), report.checksum());
                return false;
            }
        }
        return true;
    }

    private static String fewer(Bookstore.Report off, Bookstore.Report on) {
        return on.sqlStatements() == 0 ? "all"
                : String.format(Locale.ROOT, "%.1fx", (double) off.sqlStatements() / on.sqlStatements());
    }

    /** The columns side by side; the first is the run without the cache. */
    private static void printComparison(PrintStream out, List<String> labels, Bookstore.Report[] reports) {
        StringBuilder format = new StringBuilder("  %-22s");
        for (int i = 0; i < reports.length; i++) {
            format.append(" %16s");
        }
        String row = format.append("%n").toString();
        out.printf(Locale.ROOT, row, cells("", labels));
        out.printf(Locale.ROOT, row, cells("SQL statements", column(reports, r -> number(r.sqlStatements()))));
        out.printf(Locale.ROOT, row, cells("L2 hits / misses", column(reports,
                r -> r == reports[0] ? "-" : number(r.l2Hits()) + " / " + number(r.l2Misses()))));
        out.printf(Locale.ROOT, row, cells("L2 hit ratio", column(reports,
                r -> r == reports[0] ? "-" : percent(r.l2HitRatio()))));
        out.printf(Locale.ROOT, row, cells("Query-cache hits", column(reports, r -> number(r.queryCacheHits()))));
        out.printf(Locale.ROOT, row, cells("Elapsed", column(reports, r -> number(r.elapsedMillis()) + " ms")));
        out.printf(Locale.ROOT, row, cells("Checksum of reads", column(reports, r -> Long.toString(r.checksum()))));
        out.println();
    }

    private static List<String> column(Bookstore.Report[] reports,
                                       java.util.function.Function<Bookstore.Report, String> cell) {
        List<String> cells = new ArrayList<>();
        for (Bookstore.Report report : reports) {
            cells.add(cell.apply(report));
        }
        return cells;
    }

    private static Object[] cells(String name, List<String> values) {
        List<Object> cells = new ArrayList<>();
        cells.add(name);
        cells.addAll(values);
        return cells.toArray();
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** Whether a {@link StoreFactory} for {@code memcached:} URIs is on the class path. */
    static boolean memcachedBackendAvailable() {
        return ServiceLoader.load(StoreFactory.class, BookstoreDemo.class.getClassLoader()).stream()
                .anyMatch(provider -> "memcached".equalsIgnoreCase(provider.get().scheme()));
    }

    private static String firstUnreachable(List<String> servers) {
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(server.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1_000);
            } catch (IOException e) {
                return server;
            }
        }
        return null;
    }

    /** The parsed command line. */
    record Options(boolean help, boolean postgres, boolean memcached, List<String> servers, Bookstore.Sizes sizes) {

        static Options parse(String[] args) {
            String database = "h2";
            String backend = null;
            List<String> servers = List.of();
            int authors = 300;
            int books = 3000;
            int reviews = 6000;
            int requests = 5000;
            long seed = 42;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        return new Options(true, false, false, List.of(), null);
                    }
                    case "--database" -> database = value(args, ++i, arg).toLowerCase(Locale.ROOT);
                    case "--backend" -> backend = value(args, ++i, arg).toLowerCase(Locale.ROOT);
                    case "--servers" -> servers = servers(value(args, ++i, arg));
                    case "--authors" -> authors = count(args, ++i, arg);
                    case "--books" -> books = count(args, ++i, arg);
                    case "--reviews" -> reviews = count(args, ++i, arg);
                    case "--requests" -> requests = count(args, ++i, arg);
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'.");
                }
            }
            if (!database.equals("h2") && !database.equals("postgres")) {
                throw new IllegalArgumentException("--database must be h2 or postgres, not '" + database + "'.");
            }
            Bookstore.Sizes sizes = new Bookstore.Sizes(authors, books, reviews, requests, seed);
            if (database.equals("postgres")) {
                if (backend != null) {
                    throw new IllegalArgumentException("--backend goes with --database h2: on postgres the demo runs"
                            + " with no L2, the local store and memcached.");
                }
                return new Options(false, true, true, servers, sizes);
            }
            backend = backend == null ? "local" : backend;
            if (!backend.equals("local") && !backend.equals("memcached")) {
                throw new IllegalArgumentException("--backend must be local or memcached, not '" + backend + "'.");
            }
            boolean memcached = backend.equals("memcached");
            if (memcached && servers.isEmpty()) {
                throw new IllegalArgumentException("--backend memcached needs --servers host:port[,host:port...].");
            }
            if (!memcached && !servers.isEmpty()) {
                throw new IllegalArgumentException("--servers goes with --backend memcached or --database postgres.");
            }
            return new Options(false, false, memcached, servers, sizes);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value.");
            }
            return args[index];
        }

        private static int count(String[] args, int index, String option) {
            String value = value(args, index, option);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 0 && parsed <= 1_000_000) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a whole number from 0 to 1000000, not '" + value + "'.");
        }

        private static List<String> servers(String text) {
            List<String> servers = new ArrayList<>();
            for (String part : text.split(",")) {
                String server = part.trim();
                int colon = server.lastIndexOf(':');
                boolean valid = colon > 0 && colon < server.length() - 1;
                if (valid) {
                    try {
                        int port = Integer.parseInt(server.substring(colon + 1));
                        valid = port > 0 && port < 65536;
                    } catch (NumberFormatException e) {
                        valid = false;
                    }
                }
                if (!valid) {
                    throw new IllegalArgumentException("--servers: '" + server + "' is not host:port.");
                }
                servers.add(server);
            }
            return List.copyOf(servers);
        }
    }
}
