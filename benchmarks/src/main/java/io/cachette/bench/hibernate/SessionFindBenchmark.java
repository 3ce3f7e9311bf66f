package io.cachette.bench.hibernate;

import io.cachette.bench.ThreadRandom;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.cachette.testkit.LocalMemcachedServers;
import io.cachette.testkit.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Benchmark 5 of issue 7, on a real database since issue 16: one request is a transaction in a fresh session (so
 * the first-level cache never answers) that calls {@code session.find(Book.class, id)} once
 * ({@link #oneFindPerTransaction}) or ten times ({@link #tenFindsPerTransaction}), on 1,000 books, the
 * second-level cache warmed in setup; both scores count finds per second, not transactions.
 * {@link #database} is {@code postgres} (default: a throwaway PostgreSQL server on loopback, testkit's
 * {@link LocalPostgres}, one per JVM, a fresh database per trial) or {@code h2} (in memory inside the JVM, where a
 * query costs less than any network round trip).
 * <p>
 * Contenders: Cachette's region factory ({@code cachette}, on the local store, whose region caches store by
 * reference; {@code cachette-memcached}, the same on three memcached servers that the trial starts, with its default
 * strict near tier; {@code cachette-memcached-nonear}, the same without a near tier; {@code
 * cachette-memcached-bounded}, the book cached NONSTRICT_READ_WRITE ({@link NonstrictBook}) with bounded near tiers
 * only, so no transaction reads memcached at all); hibernate-jcache over Caffeine's JCache with hibernate-jcache's defaults
 * ({@code jcache-caffeine}: missing region caches come from a plain {@code MutableConfiguration}, so they store by
 * value and Caffeine copies every entry through Java serialization); the same with the region's cache declared by
 * reference ({@code jcache-caffeine-byref}, what a tuned setup would do); and no second-level cache ({@code none},
 * every find queries the database).
 * <p>
 * For {@code cachette-memcached} the trial also counts the commands the servers saw during the measured
 * iterations ({@code stats}: {@code cmd_get}, {@code cmd_set}, deletes, incr/decr, touches) and prints them per
 * find on lines starting with {@value #PER_FIND_MARKER}, tab-separated as the report's {@code .tsv} files are;
 * {@code run.sh} copies them next to the throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionFindBenchmark {

    /** How many books the table holds (and the cache after warm-up). */
    static final int BOOKS = 1_000;
    /** System property that overrides {@link #BOOKS} (the smoke test stores fewer). */
    public static final String BOOKS_PROPERTY = "bench.hibernate.books";
    /** The region of {@link Book}. */
    static final String REGION = "bench.book";
    /** How many memcached servers {@code cachette-memcached} runs on. */
    static final int MEMCACHED_SERVERS = 3;
    /** The start of each printed line of memcached commands per find. */
    public static final String PER_FIND_MARKER = "[memcached-per-find]";
    private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Held so the level set on it sticks (JUL keeps loggers weakly). */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");
    /** One PostgreSQL server per JVM (a fork, or the smoke test's JVM), stopped and deleted by its shutdown hook. */
    private static LocalPostgres postgres;

    @Param({"cachette", "cachette-memcached", "cachette-memcached-nonear", "cachette-memcached-bounded",
            "jcache-caffeine", "jcache-caffeine-byref", "none"})
    public String l2;

    @Param({"postgres", "h2"})
    public String database;

    private SessionFactory sessionFactory;
    private CacheManager caffeineManager;
    private LocalMemcachedServers memcached;
    private int books;
    private Class<? extends BookColumns> entity = Book.class;
    private final LongAdder finds = new LongAdder();
    private MemcachedStats iterationStart;
    private MemcachedStats measured = MemcachedStats.ZERO;
    private long measuredFinds;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        HIBERNATE_LOG.setLevel(java.util.logging.Level.WARNING);
        if (l2.equals("cachette-memcached-bounded")) {
            entity = NonstrictBook.class;
        }
        Configuration configuration = new Configuration()
                .addAnnotatedClass(entity)
                // one connection per benchmark thread (up to 16) plus a few
                .setProperty("hibernate.connection.pool_size", "20")
                .setProperty("hibernate.hbm2ddl.auto", "create")
                .setProperty("hibernate.show_sql", "false");
        switch (database) {
            case "postgres" -> configuration
                    .setProperty("hibernate.connection.url", postgres().jdbcUrl(postgres().createDatabase()))
                    .setProperty("hibernate.connection.username", LocalPostgres.USER)
                    .setProperty("hibernate.connection.password", "");
            case "h2" -> configuration
                    .setProperty("hibernate.connection.url",
                            "jdbc:h2:mem:bench-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1")
                    .setProperty("hibernate.connection.username", "sa")
                    .setProperty("hibernate.connection.password", "");
            default -> throw new IllegalArgumentException("unknown database '" + database + "', expected postgres or h2");
        }
        switch (l2) {
            case "cachette" -> configuration
                    .setProperty("hibernate.cache.use_second_level_cache", "true")
                    .setProperty("hibernate.cache.region.factory_class", "cachette");
            case "cachette-memcached", "cachette-memcached-nonear", "cachette-memcached-bounded" -> {
                memcached = LocalMemcachedServers.start(MEMCACHED_SERVERS, "-t", "2", "-m", "64");
                configuration
                        .setProperty("hibernate.cache.use_second_level_cache", "true")
                        .setProperty("hibernate.cache.region.factory_class", "cachette")
                        .setProperty("hibernate.cache.cachette.uri", memcached.uri())
                        .setProperty("hibernate.cache.region_prefix", "bench-" + UUID.randomUUID());
                if (l2.equals("cachette-memcached-nonear")) {
                    configuration.setProperty("hibernate.cache.cachette.near_cache_max_entries", "0");
                } else if (l2.equals("cachette-memcached-bounded")) {
                    // the update timestamps bounded too, so that no strict tier makes transactions read the head
                    configuration.setProperty("hibernate.cache.cachette.region.default-update-timestamps-region"
                            + ".near-cache.mode", "bounded");
                }
            }
            case "jcache-caffeine" -> configuration
                    .setProperty("hibernate.cache.use_second_level_cache", "true")
                    .setProperty("hibernate.cache.region.factory_class", "jcache")
                    .setProperty("hibernate.javax.cache.provider", CAFFEINE_PROVIDER)
                    .setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
            case "jcache-caffeine-byref" -> {
                CachingProvider caffeine = Caching.getCachingProvider(CAFFEINE_PROVIDER);
                caffeineManager = caffeine.getCacheManager(
                        URI.create("bench-hibernate-" + DATABASES.incrementAndGet()), caffeine.getDefaultClassLoader());
                CaffeineConfiguration<Object, Object> byReference = new CaffeineConfiguration<>();
                byReference.setStoreByValue(false);
                caffeineManager.createCache(REGION, byReference);
                configuration.getProperties().put("hibernate.javax.cache.cache_manager", caffeineManager);
                configuration
                        .setProperty("hibernate.cache.use_second_level_cache", "true")
                        .setProperty("hibernate.cache.region.factory_class", "jcache")
                        .setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
            }
            case "none" -> configuration
                    .setProperty("hibernate.cache.use_second_level_cache", "false");
            default -> throw new IllegalArgumentException("unknown second-level cache '" + l2 + "', expected"
                    + " cachette, cachette-memcached[-nonear|-bounded], jcache-caffeine, jcache-caffeine-byref or none");
        }
        books = Integer.getInteger(BOOKS_PROPERTY, BOOKS);
        sessionFactory = configuration.buildSessionFactory();
        sessionFactory.inTransaction(session -> {
            for (long id = 1; id <= books; id++) {
                String title = "Title " + id;
                String isbn = String.format(Locale.ROOT, "978-%010d", id);
                session.persist(entity == Book.class ? new Book(id, title, isbn, 100 + (int) id)
                        : new NonstrictBook(id, title, isbn, 100 + (int) id));
            }
        });
        for (long id = 1; id <= books; id++) {
            long book = id;
            sessionFactory.inTransaction(session -> find(session, book));
        }
        if (!l2.equals("none")) {
            for (long id = 1; id <= books; id++) {
                if (!sessionFactory.getCache().containsEntity(entity, id)) {
                    throw new IllegalStateException(l2 + ": book " + id + " is not in the second-level cache after warm-up");
                }
            }
        }
    }

    private static synchronized LocalPostgres postgres() throws IOException {
        if (postgres == null) {
            postgres = LocalPostgres.start();
        }
        return postgres;
    }

    /** Before a measured iteration: the servers' counters and the finds start from here. */
    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) throws IOException {
        if (memcached != null && iteration.getType() == IterationType.MEASUREMENT) {
            finds.reset();
            iterationStart = MemcachedStats.of(memcached.hostPorts());
        }
    }

    /** After a measured iteration: what the servers saw during it, added to the trial's count. */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) throws IOException {
        if (memcached != null && iteration.getType() == IterationType.MEASUREMENT) {
            measured = measured.plus(MemcachedStats.of(memcached.hostPorts()).minus(iterationStart));
            measuredFinds += finds.sum();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        try {
            if (memcached != null && measuredFinds > 0) {
                for (String line : perFindLines(params)) {
                    System.out.println(line);
                }
            }
        } finally {
            sessionFactory.close();
            if (caffeineManager != null) {
                caffeineManager.close();
            }
            if (memcached != null) {
                memcached.close();
            }
        }
    }

    /**
     * The measured memcached commands per find, as report lines: the comparison named as the report names this
     * benchmark's throughput (area, method, threads, then the parameters but the contender in JMH's order), a
     * metric, the contender, the value and its unit.
     */
    private List<String> perFindLines(BenchmarkParams params) {
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        StringBuilder comparison = new StringBuilder("hibernate ").append(method).append(" threads=")
                .append(params.getThreads());
        params.getParamsKeys().stream().sorted().filter(key -> !key.equals("l2"))
                .forEach(key -> comparison.append(' ').append(key).append('=').append(params.getParam(key)));
        List<String> lines = new ArrayList<>();
        double perFind = 1.0 / measuredFinds;
        lines.add(String.format(Locale.ROOT, "%s %s memcached commands\t%s\t%.3f\tcmd/find", PER_FIND_MARKER,
                comparison, l2, measured.commands() * perFind));
        lines.add(String.format(Locale.ROOT, "%s %s memcached gets\t%s\t%.3f\tcmd/find", PER_FIND_MARKER,
                comparison, l2, measured.gets() * perFind));
        return lines;
    }

    private BookColumns find(Session session, long id) {
        BookColumns book = session.find(entity, id);
        if (book == null) {
            throw new IllegalStateException("book " + id + " not found");
        }
        return book;
    }

    /** One transaction of one find: JMH counts one operation. */
    @Benchmark
    public long oneFindPerTransaction(ThreadRandom ids) {
        return findsInATransaction(ids, 1);
    }

    /** One transaction of ten finds: JMH counts ten operations, so the score is finds per second here too. */
    @Benchmark
    @OperationsPerInvocation(10)
    public long tenFindsPerTransaction(ThreadRandom ids) {
        return findsInATransaction(ids, 10);
    }

    /**
     * One transaction that finds a book and adds a page to it: what the change feed adds to a write (run by
     * {@code run.sh} for the memcached contenders and no cache only). Counted as a find for the commands per find.
     */
    @Benchmark
    public long updateInATransaction(ThreadRandom ids) {
        long pages = sessionFactory.fromTransaction(session -> {
            BookColumns book = find(session, 1 + ids.nextInt(books));
            book.addPage();
            return (long) book.getPages();
        });
        finds.add(1);
        return pages;
    }

    private long findsInATransaction(ThreadRandom ids, int count) {
        long sum = sessionFactory.fromTransaction(session -> {
            long pages = 0;
            for (int i = 0; i < count; i++) {
                pages += find(session, 1 + ids.nextInt(books)).getPages();
            }
            return pages;
        });
        finds.add(count);
        return sum;
    }
}
