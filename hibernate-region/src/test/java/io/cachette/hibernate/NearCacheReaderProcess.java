package io.cachette.hibernate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.cachette.hibernate.entities.Book;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.internal.near.NearTier;

/**
 * The reading JVM of {@link NearCacheStalenessTest}: in rounds, reads the versions of a few books straight from
 * the database (autocommit, a connection of its own), then finds the same books in a new transaction through the
 * second-level cache, and counts every book whose cached version is older than the database showed just before.
 *
 * <p>Arguments: Hibernate cache URI, JDBC URL, user, region prefix, books, reads, time limit in ms, skip the feed
 * check, stop at the first stale read. Prints {@code RESULT reads=<n> stale=<n> hits=<n> l2hits=<n>}.
 */
public final class NearCacheReaderProcess {

    static final int BOOKS_PER_ROUND = 10;

    private NearCacheReaderProcess() {
    }

    /** The settings both JVMs use: the same servers, database and region prefix, no schema changes here. */
    static Map<String, Object> settings(String cacheUri, String jdbcUrl, String user, String prefix) {
        Map<String, Object> settings = new HashMap<>(Orm.defaults());
        settings.put(CachetteRegionFactory.URI, cacheUri);
        settings.put("hibernate.cache.region_prefix", prefix);
        settings.put("hibernate.connection.url", jdbcUrl);
        settings.put("hibernate.connection.username", user);
        settings.put("hibernate.connection.password", "");
        settings.put("hibernate.connection.pool_size", "4");
        settings.put("hibernate.hbm2ddl.auto", "none");
        settings.put("hibernate.generate_statistics", "true");
        return settings;
    }

    public static void main(String[] args) throws Exception {
        String cacheUri = args[0];
        String jdbcUrl = args[1];
        String user = args[2];
        String prefix = args[3];
        int books = Integer.parseInt(args[4]);
        long reads = Long.parseLong(args[5]);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[6]));
        NearTier.skipFeedCheckForTests(Boolean.parseBoolean(args[7]));
        boolean stopAtFirstStale = Boolean.parseBoolean(args[8]);

        long done = 0;
        long stale = 0;
        try (Orm orm = Orm.start(settings(cacheUri, jdbcUrl, user, prefix));
             Connection database = DriverManager.getConnection(jdbcUrl, user, "");
             PreparedStatement versions = database.prepareStatement(
                     "select version from Book where id between ? and ? order by id")) {
            while (done < reads && System.nanoTime() - deadline < 0 && !(stopAtFirstStale && stale > 0)) {
                long first = 1 + ThreadLocalRandom.current().nextInt(books - BOOKS_PER_ROUND + 1);
                int[] before = versions(versions, first);
                int[] cached = orm.fromTransaction(session -> {
                    int[] seen = new int[BOOKS_PER_ROUND];
                    for (int i = 0; i < BOOKS_PER_ROUND; i++) {
                        seen[i] = session.find(Book.class, first + i).getVersion();
                    }
                    return seen;
                });
                for (int i = 0; i < BOOKS_PER_ROUND; i++) {
                    if (cached[i] < before[i]) {
                        stale++;
                    }
                }
                done += BOOKS_PER_ROUND;
            }
            long nearHits = orm.cacheManager().getCache(prefix + "." + Book.class.getName())
                    .unwrap(MemcachedStore.class).nearCacheCounters().hits();
            System.out.println("RESULT reads=" + done + " stale=" + stale + " hits=" + nearHits
                    + " l2hits=" + orm.stats().getSecondLevelCacheHitCount());
        }
    }

    private static int[] versions(PreparedStatement versions, long first) throws SQLException {
        versions.setLong(1, first);
        versions.setLong(2, first + BOOKS_PER_ROUND - 1);
        int[] result = new int[BOOKS_PER_ROUND];
        try (ResultSet rows = versions.executeQuery()) {
            for (int i = 0; i < BOOKS_PER_ROUND; i++) {
                if (!rows.next()) {
                    throw new IllegalStateException("book " + (first + i) + " is missing");
                }
                result[i] = rows.getInt(1);
            }
        }
        return result;
    }
}
