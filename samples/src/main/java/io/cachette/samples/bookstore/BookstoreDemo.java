package io.cachette.samples.bookstore;

import io.cachette.hibernate.CachetteRegionFactory;
import io.cachette.store.StoreFactory;

import java.io.IOException;
import java.io.PrintStream;
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
 * {@code --backend memcached --servers host:port,...} the caches live in memcached.
 */
public final class BookstoreDemo {

    static final String USAGE = """
            Usage: mvn -B -q -pl samples -am -DskipTests package exec:java \\
                     -Dexec.mainClass=io.cachette.samples.bookstore.BookstoreDemo [-Dexec.args="OPTIONS"]

            Loads a bookstore (authors, books, reviews) into H2 in memory and runs the same read-heavy workload
            twice: with Hibernate's second-level cache off, then on Cachette
            (hibernate.cache.region.factory_class=cachette). Prints SQL statements, L2 hit ratio, query-cache
            hits and elapsed time side by side.

            Options:
              --backend local|memcached   where the cache lives (default local: Cachette's in-JVM store)
              --servers host:port,...     the memcached servers (required with --backend memcached)
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
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Try --help.");
            return 2;
        }
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        try {
            return run(options, out, err) == null ? 1 : 0;
        } catch (RuntimeException e) {
            err.println("The bookstore demo failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs both passes and prints the comparison; {@code null} when the backend is not usable (said on err). */
    static Bookstore.Report[] run(Options options, PrintStream out, PrintStream err) {
        String backendLabel;
        Map<String, Object> cacheOn = new HashMap<>();
        cacheOn.put("hibernate.cache.use_second_level_cache", "true");
        cacheOn.put("hibernate.cache.use_query_cache", "true");
        cacheOn.put("hibernate.cache.region.factory_class", "cachette");
        if (options.memcached()) {
            if (!memcachedBackendAvailable()) {
                err.println("The memcached backend is not available: no io.cachette.store.StoreFactory for the "
                        + "'memcached' scheme is on the class path (it ships in io.cachette:cachette-memcached). "
                        + "Run with --backend local, or add that jar.");
                return null;
            }
            String unreachable = firstUnreachable(options.servers());
            if (unreachable != null) {
                err.println("Cannot reach memcached at " + unreachable + ". Start it (e.g. memcached -l 127.0.0.1 -p "
                        + unreachable.substring(unreachable.lastIndexOf(':') + 1)
                        + ") or pass the right --servers.");
                return null;
            }
            // a fresh key prefix per run: an earlier run's entries in the same servers are not reused
            String prefix = "bookstore-" + UUID.randomUUID().toString().substring(0, 8);
            // Hibernate caches an entity's state as a java.io.Serializable[]: the memcached store's
            // deserialization allow-list does not admit that array type by default, so the demo admits it
            cacheOn.put(CachetteRegionFactory.URI, "memcached://" + String.join(",", options.servers())
                    + "?key-prefix=" + prefix + "&deserialization.allow=java.io.Serializable");
            backendLabel = "memcached " + String.join(",", options.servers());
        } else {
            cacheOn.put(CachetteRegionFactory.URI, "cachette:bookstore-" + UUID.randomUUID());
            backendLabel = "local store";
        }
        Map<String, Object> cacheOff = Map.of(
                "hibernate.cache.use_second_level_cache", "false",
                "hibernate.cache.use_query_cache", "false");

        Bookstore.Sizes sizes = options.sizes();
        out.printf(Locale.ROOT, "Cachette bookstore: Hibernate's second-level cache on Cachette (%s)%n", backendLabel);
        out.printf(Locale.ROOT, "Data: %,d authors, %,d books, %,d reviews in H2 (in memory), loaded afresh for each run%n",
                sizes.authors(), sizes.books(), sizes.reviews());
        out.printf(Locale.ROOT, "Workload: %,d requests, one transaction each, seed %d: 70%% book page (book, author,"
                + " reviews), 18%% author page (query of their books), 10%% genre top-10 (query), 2%% new review%n",
                sizes.requests(), sizes.seed());
        Bookstore bookstore = new Bookstore(sizes);
        out.println();
        out.println("Run 1: second-level cache off ...");
        Bookstore.Report off = bookstore.run(cacheOff);
        out.println("Run 2: second-level cache on (hibernate.cache.region.factory_class=cachette) ...");
        Bookstore.Report on = bookstore.run(cacheOn);
        out.println();
        printComparison(out, off, on);
        if (off.checksum() != on.checksum()) {
            err.printf(Locale.ROOT, "The two runs read different data (checksums %d and %d): the cache served stale"
                    + " or wrong results.%n", off.checksum(), on.checksum());
            return null;
        }
        return new Bookstore.Report[] {off, on};
    }

    private static void printComparison(PrintStream out, Bookstore.Report off, Bookstore.Report on) {
        String row = "  %-22s %16s %16s%n";
        out.printf(Locale.ROOT, row, "", "L2 off", "L2 on");
        out.printf(Locale.ROOT, row, "SQL statements", number(off.sqlStatements()), number(on.sqlStatements()));
        out.printf(Locale.ROOT, row, "L2 hits / misses", "-", number(on.l2Hits()) + " / " + number(on.l2Misses()));
        out.printf(Locale.ROOT, row, "L2 hit ratio", "-", percent(on.l2HitRatio()));
        out.printf(Locale.ROOT, row, "Query-cache hits", number(off.queryCacheHits()), number(on.queryCacheHits()));
        out.printf(Locale.ROOT, row, "Elapsed", number(off.elapsedMillis()) + " ms", number(on.elapsedMillis()) + " ms");
        out.printf(Locale.ROOT, row, "Checksum of reads", Long.toString(off.checksum()), Long.toString(on.checksum()));
        out.println();
        if (on.sqlStatements() > 0) {
            out.printf(Locale.ROOT, "With the second-level cache on, the same workload sent %.1fx fewer SQL statements"
                    + " and read the same data.%n", (double) off.sqlStatements() / on.sqlStatements());
        }
        if (on.elapsedMillis() > off.elapsedMillis()) {
            out.println("(H2 runs in memory inside this JVM, so a query costs less here than a cache round trip over"
                    + " the network; against a database server every statement saved is a round trip saved.)");
        }
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
    record Options(boolean help, boolean memcached, List<String> servers, Bookstore.Sizes sizes) {

        static Options parse(String[] args) {
            String backend = "local";
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
                        return new Options(true, false, List.of(), null);
                    }
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
            if (!backend.equals("local") && !backend.equals("memcached")) {
                throw new IllegalArgumentException("--backend must be local or memcached, not '" + backend + "'.");
            }
            boolean memcached = backend.equals("memcached");
            if (memcached && servers.isEmpty()) {
                throw new IllegalArgumentException("--backend memcached needs --servers host:port[,host:port...].");
            }
            if (!memcached && !servers.isEmpty()) {
                throw new IllegalArgumentException("--servers goes with --backend memcached.");
            }
            return new Options(false, memcached, servers, new Bookstore.Sizes(authors, books, reviews, requests, seed));
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
