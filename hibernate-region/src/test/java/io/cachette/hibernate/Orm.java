package io.cachette.hibernate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;
import io.cachette.hibernate.entities.Country;
import io.cachette.hibernate.entities.Note;
import io.cachette.testkit.PostgresServer;

/**
 * Test harness: a SessionFactory on an H2 in-memory database (or, with {@link #onPostgres}, a fresh database of a
 * real PostgreSQL server) with the second-level and query caches on Cachette, statistics enabled, and helpers to
 * run one transaction per call.
 */
final class Orm implements AutoCloseable {

    private final SessionFactory sessionFactory;
    private final Map<String, Object> settings;

    private Orm(SessionFactory sessionFactory, Map<String, Object> settings) {
        this.sessionFactory = sessionFactory;
        this.settings = settings;
    }

    /** Default settings: a fresh database and a fresh CacheManager URI, factory selected by its short name. */
    static Map<String, Object> defaults() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.connection.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        settings.put("hibernate.connection.username", "sa");
        settings.put("hibernate.connection.password", "");
        settings.put("hibernate.hbm2ddl.auto", "create-drop");
        settings.put("hibernate.cache.use_second_level_cache", "true");
        settings.put("hibernate.cache.use_query_cache", "true");
        settings.put("hibernate.cache.region.factory_class", "cachette");
        settings.put("hibernate.generate_statistics", "true");
        settings.put(CachetteRegionFactory.URI, "cachette:test-" + UUID.randomUUID());
        return settings;
    }

    /**
     * The defaults with the caches on the memcached servers of {@code uri}, under a fresh region prefix, so tests
     * sharing the servers never see each other's entries.
     */
    static Map<String, Object> onMemcached(String uri) {
        Map<String, Object> settings = defaults();
        settings.put(CachetteRegionFactory.URI, uri);
        settings.put("hibernate.cache.region_prefix", "t" + UUID.randomUUID().toString().replace("-", ""));
        return settings;
    }

    /**
     * The same settings pointed at a fresh, empty database of {@code postgres} instead of H2: what a database
     * server changes (real transactions and row locks, a network round trip per statement) under the same tests.
     */
    static Map<String, Object> onPostgres(Map<String, Object> settings, PostgresServer postgres) {
        try {
            settings.put("hibernate.connection.url", postgres.jdbcUrl(postgres.createDatabase()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("hibernate.connection.username", postgres.user());
        settings.put("hibernate.connection.password", "");
        settings.put("hibernate.connection.pool_size", "8");
        return settings;
    }

    static Orm start() {
        return start(defaults());
    }

    static Orm start(Map<String, Object> settings) {
        return start(settings, new Class<?>[0]);
    }

    /** A factory with the usual entities and {@code moreEntities}. */
    static Orm start(Map<String, Object> settings, Class<?>... moreEntities) {
        Configuration configuration = new Configuration();
        for (Class<?> entity : new Class<?>[] {Book.class, Chapter.class, Country.class, Note.class, Account.class}) {
            configuration.addAnnotatedClass(entity);
        }
        for (Class<?> entity : moreEntities) {
            configuration.addAnnotatedClass(entity);
        }
        settings.forEach((key, value) -> configuration.getProperties().put(key, value));
        return new Orm(configuration.buildSessionFactory(), Map.copyOf(settings));
    }

    /** The CacheManager the region factory uses (the same instance: one manager per URI and class loader). */
    CacheManager cacheManager() {
        Object supplied = settings.get(CachetteRegionFactory.CACHE_MANAGER);
        if (supplied != null) {
            return (CacheManager) supplied;
        }
        CachingProvider provider = Caching.getCachingProvider(CachetteRegionFactory.PROVIDER_CLASS);
        return provider.getCacheManager(URI.create((String) settings.get(CachetteRegionFactory.URI)),
                provider.getDefaultClassLoader());
    }

    /** Book 1 ("isbn-1", "Dune") with chapters 1 and 2. */
    void seedLibrary() {
        inTransaction(s -> {
            Book book = new Book(1L, "isbn-1", "Dune");
            s.persist(book);
            s.persist(new Chapter(1L, "Book One", book));
            s.persist(new Chapter(2L, "Book Two", book));
        });
    }

    SessionFactory sessionFactory() {
        return sessionFactory;
    }

    Statistics stats() {
        return sessionFactory.getStatistics();
    }

    <T> T fromTransaction(Function<Session, T> work) {
        return sessionFactory.fromTransaction(work);
    }

    void inTransaction(Consumer<Session> work) {
        sessionFactory.inTransaction(work);
    }

    @Override
    public void close() {
        sessionFactory.close();
    }
}
