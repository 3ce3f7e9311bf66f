package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Book;
import io.cachette.memcached.testing.MemcachedServers;

/**
 * Every memcached server down: sessions keep working against the database, the outage is logged once per
 * interval (the store answers misses and drops writes without throwing; the region factory reports what it
 * absorbed), and caching resumes by itself when the servers come back.
 */
class MemcachedDegradationTest {

    /** Bounds the wait for the client to re-admit restarted servers (it retries within about 2 s). */
    private static final int RECOVERY_ATTEMPTS = 150;

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(2);

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger factoryLogger = Logger.getLogger(CachetteRegionFactory.class.getName());

    private Orm orm;
    private Statistics stats;

    @BeforeEach
    void start() {
        factoryLogger.addHandler(capture);
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.URI, servers.uri() + "?operation-timeout-ms=200&connect-timeout-ms=200");
        orm = Orm.start(settings);
        stats = orm.stats();
        orm.seedLibrary();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
        factoryLogger.removeHandler(capture);
    }

    private String title() {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
    }

    private List<String> cachedQuery() {
        return orm.fromTransaction(s -> s.createSelectionQuery("select b.title from Book b", String.class)
                .setCacheable(true).getResultList());
    }

    private void killAll() {
        for (int i = 0; i < servers.count(); i++) {
            servers.kill(i);
        }
    }

    @Test
    void everyServerDown_sessionsKeepWorkingAgainstTheDatabase_withOneWarningPerInterval() {
        assertEquals("Dune", title());
        killAll();
        warnings.clear();
        stats.clear();

        for (int i = 0; i < 5; i++) {
            assertEquals("Dune", title());
        }
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        assertEquals("Dune Messiah", title());
        assertEquals(List.of("Dune Messiah"), cachedQuery());
        assertEquals(List.of("Dune Messiah"), cachedQuery());

        assertEquals(0, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(7, stats.getEntityLoadCount(), "every find went to the database");
        assertEquals(2, stats.getQueryExecutionCount(), "every query went to the database");
        assertEquals(1, warnings.size(), "one warning in the interval: " + warnings.stream()
                .map(LogRecord::getMessage).toList());
    }

    @Test
    void serversThatComeBack_areCachedOnAgain_withoutServingWhatWasCachedBeforeTheOutage() throws Exception {
        assertEquals("Dune", title()); // cached as "Dune"
        killAll();
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        for (int i = 0; i < servers.count(); i++) {
            servers.restart(i);
        }

        long hits = 0;
        for (int attempt = 0; attempt < RECOVERY_ATTEMPTS && hits == 0; attempt++) {
            stats.clear();
            assertEquals("Dune Messiah", title(), "never the value from before the outage");
            assertEquals("Dune Messiah", title());
            hits = stats.getSecondLevelCacheHitCount();
            if (hits == 0) {
                Thread.sleep(100); // the client re-admits the servers in the background
            }
        }
        assertTrue(hits > 0, "caching resumed after the servers came back");
    }
}
