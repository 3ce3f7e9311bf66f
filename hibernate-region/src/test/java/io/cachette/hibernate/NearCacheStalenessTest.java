package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Book;
import io.cachette.testkit.ChildJvm;
import io.cachette.testkit.MemcachedServers;
import io.cachette.testkit.PostgresServer;

/**
 * Two JVMs, READ_WRITE books on PostgreSQL and three memcached servers, the near tier on (the region factory's
 * default): this JVM updates books while a child JVM ({@link NearCacheReaderProcess}) reads each book's version
 * from the database and then finds it through the second-level cache in a new transaction. The strict near tier
 * must never serve a version older than the database showed before the transaction began; with the feed check
 * switched off it does, so the test can fail.
 */
class NearCacheStalenessTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.start();

    private static final int BOOKS = 200;
    private static final Pattern RESULT = Pattern.compile("RESULT reads=(\\d+) stale=(\\d+) hits=(\\d+) l2hits=(\\d+)");

    private record Result(long reads, long stale, long nearHits, long secondLevelHits, long updates) {
    }

    private Result run(long reads, boolean skipFeedCheck) throws Exception {
        String jdbcUrl = POSTGRES.jdbcUrl(POSTGRES.createDatabase());
        String prefix = "s" + UUID.randomUUID().toString().replace("-", "");
        java.util.Map<String, Object> settings = NearCacheReaderProcess.settings(SERVERS.uri(), jdbcUrl,
                POSTGRES.user(), prefix);
        settings.put("hibernate.hbm2ddl.auto", "create");
        try (Orm writer = Orm.start(settings)) {
            writer.inTransaction(session -> {
                for (long id = 1; id <= BOOKS; id++) {
                    session.persist(new Book(id, "isbn-" + id, "title 0"));
                }
            });
            ChildJvm reader = ChildJvm.start(NearCacheReaderProcess.class, SERVERS.uri(), jdbcUrl, POSTGRES.user(),
                    prefix, Integer.toString(BOOKS), Long.toString(reads), "90000", Boolean.toString(skipFeedCheck),
                    Boolean.toString(skipFeedCheck));
            long updates = 0;
            while (reader.isAlive()) {
                long id = 1 + ThreadLocalRandom.current().nextInt(BOOKS);
                long round = ++updates;
                writer.inTransaction(session -> session.find(Book.class, id).setTitle("title " + round));
            }
            ChildJvm.Ended ended = reader.awaitEnd();
            String output = ended.output();
            assertEquals(0, ended.exitCode(), output);
            Matcher matcher = RESULT.matcher(output);
            assertTrue(matcher.find(), output);
            Result result = new Result(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), updates);
            System.out.println("NearCacheStalenessTest: " + result);
            return result;
        }
    }

    @Test
    void strictNearTier_inAnotherJvm_neverServesAVersionOlderThanTheDatabaseShowedBefore() throws Exception {
        Result result = run(100_000, false);

        assertEquals(0, result.stale(), result.toString());
        assertTrue(result.reads() >= 100_000, "the reader got through its reads in time: " + result);
        assertTrue(result.nearHits() > result.reads() / 2, "most reads are near hits: " + result);
        assertTrue(result.updates() > 100, "the writer kept updating: " + result);
    }

    @Test
    void nearTier_withTheFeedCheckSkipped_servesStaleVersions() throws Exception {
        Result result = run(100_000, true);

        assertTrue(result.stale() > 0, "the check must be able to fail: " + result);
    }
}
