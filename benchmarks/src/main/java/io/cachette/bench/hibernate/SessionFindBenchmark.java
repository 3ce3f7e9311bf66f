package io.cachette.bench.hibernate;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.cachette.bench.memcached.MemcachedTarget;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Benchmark 5 of issue 7: {@code session.find(Book.class, id)} in a fresh session per call (so the first-level
 * cache never answers), 1,000 books in an in-memory H2 database, the second-level cache warmed in setup.
 * Contenders: Cachette's region factory ({@code cachette}, whose region caches store by reference; and
 * {@code cachette-memcached}, the same on the memcached backend, compared with no second-level cache only);
 * hibernate-jcache over Caffeine's JCache with hibernate-jcache's defaults ({@code jcache-caffeine}: it creates
 * missing region caches from a plain {@code MutableConfiguration}, so they store by value and Caffeine copies every
 * cache entry through Java serialization); the same with the region's cache declared by reference
 * ({@code jcache-caffeine-byref}, what a tuned setup would do); and no second-level cache ({@code none}, every find
 * queries H2).
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
    private static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** Held so the level set on it sticks (JUL keeps loggers weakly). */
    private static final Logger HIBERNATE_LOG = Logger.getLogger("org.hibernate");

    @Param({"cachette", "cachette-memcached", "jcache-caffeine", "jcache-caffeine-byref", "none"})
    public String l2;

    private SessionFactory sessionFactory;
    private CacheManager caffeineManager;
    private int books;

    @Setup(Level.Trial)
    public void setUp() {
        HIBERNATE_LOG.setLevel(java.util.logging.Level.WARNING);
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Book.class)
                .setProperty("hibernate.connection.url",
                        "jdbc:h2:mem:bench-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.connection.pool_size", "4")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.show_sql", "false");
        switch (l2) {
            case "cachette" -> configuration
                    .setProperty("hibernate.cache.use_second_level_cache", "true")
                    .setProperty("hibernate.cache.region.factory_class", "cachette");
            case "cachette-memcached" -> {
                InetSocketAddress server = MemcachedTarget.server();
                configuration
                        .setProperty("hibernate.cache.use_second_level_cache", "true")
                        .setProperty("hibernate.cache.region.factory_class", "cachette")
                        .setProperty("hibernate.cache.cachette.uri",
                                "memcached://" + server.getHostString() + ":" + server.getPort())
                        // the server outlives the trial: entries of an earlier trial's books must not be found
                        // (Hibernate would take the freshly persisted books for detached ones)
                        .setProperty("hibernate.cache.region_prefix", "bench-" + UUID.randomUUID());
            }
            case "jcache-caffeine" -> configuration
                    .setProperty("hibernate.cache.use_second_level_cache", "true")
                    .setProperty("hibernate.cache.region.factory_class", "jcache")
                    .setProperty("hibernate.javax.cache.provider", CAFFEINE_PROVIDER)
                    .setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
            case "jcache-caffeine-byref" -> {
                CachingProvider caffeine = Caching.getCachingProvider(CAFFEINE_PROVIDER);
                caffeineManager = caffeine.getCacheManager(
                        URI.create("bench-hibernate-" + DATABASES.get()), caffeine.getDefaultClassLoader());
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
            default -> throw new IllegalArgumentException("unknown second-level cache '" + l2
                    + "', expected cachette, cachette-memcached, jcache-caffeine, jcache-caffeine-byref or none");
        }
        books = Integer.getInteger(BOOKS_PROPERTY, BOOKS);
        sessionFactory = configuration.buildSessionFactory();
        sessionFactory.inTransaction(session -> {
            for (long id = 1; id <= books; id++) {
                session.persist(new Book(id, "Title " + id, String.format(Locale.ROOT, "978-%010d", id), 100 + (int) id));
            }
        });
        for (long id = 1; id <= books; id++) {
            find(id);
        }
        if (!l2.equals("none")) {
            for (long id = 1; id <= books; id++) {
                if (!sessionFactory.getCache().containsEntity(Book.class, id)) {
                    throw new IllegalStateException(l2 + ": book " + id + " is not in the second-level cache after warm-up");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sessionFactory.close();
        if (caffeineManager != null) {
            caffeineManager.close();
        }
    }

    /** Each thread draws ids from its own seeded random stream. */
    @State(Scope.Thread)
    public static class Ids {
        SplittableRandom random;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            random = new SplittableRandom(thread.getThreadIndex());
        }
    }

    private Book find(long id) {
        try (Session session = sessionFactory.openSession()) {
            Book book = session.find(Book.class, id);
            if (book == null) {
                throw new IllegalStateException("book " + id + " not found");
            }
            return book;
        }
    }

    @Benchmark
    public Book find(Ids ids) {
        return find(1 + ids.random.nextInt(books));
    }
}
