package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;

/**
 * Cached query results and their invalidation through the update-timestamps region, on H2; on PostgreSQL in
 * {@link PostgresQueryCacheTest}.
 */
class QueryCacheTest {

    private Orm orm;
    private Statistics stats;

    /** The settings of every factory here: a fresh H2 database; a subclass may name another database. */
    Map<String, Object> databaseSettings() {
        return Orm.defaults();
    }

    @BeforeEach
    void start() {
        orm = Orm.start(databaseSettings());
        stats = orm.stats();
        orm.seedLibrary();
        orm.inTransaction(s -> s.persist(new Book(2L, "isbn-2", "Dune Messiah")));
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    private List<String> titlesStartingWithDune() {
        return titlesStartingWithDune(orm);
    }

    private static List<String> titlesStartingWithDune(Orm orm) {
        return orm.fromTransaction(s -> s.createSelectionQuery(
                        "select b.title from Book b where b.title like 'Dune%' order by b.id", String.class)
                .setCacheable(true)
                .getResultList());
    }

    @Test
    void cachedQuery_isAHitWithNoSqlInTheNextSession() {
        assertEquals(List.of("Dune", "Dune Messiah"), titlesStartingWithDune());
        assertEquals(1, stats.getQueryCachePutCount());
        stats.clear();

        assertEquals(List.of("Dune", "Dune Messiah"), titlesStartingWithDune());

        assertEquals(1, stats.getQueryCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void updateOfAQueriedTable_makesTheCachedResultStale() {
        titlesStartingWithDune();
        orm.inTransaction(s -> s.find(Book.class, 2L).setTitle("Children of Dune"));
        stats.clear();

        assertEquals(List.of("Dune"), titlesStartingWithDune());

        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(1, stats.getQueryCacheMissCount());
        assertEquals(1, stats.getPrepareStatementCount());
    }

    @Test
    void missingUpdateTimestamp_makesTheCachedResultStaleNotFresh() {
        titlesStartingWithDune();
        // what an eviction or a restarted cache node does: the timestamps are gone, the results are not
        orm.cacheManager().getCache(RegionFactory.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME).clear();
        stats.clear();

        titlesStartingWithDune();

        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(1, stats.getPrepareStatementCount());
        // The loss is detected during that read, after its transaction began, so its own result is suspect
        // too; results cached by transactions that begin after the detection are fresh.
        titlesStartingWithDune();
        stats.clear();
        titlesStartingWithDune();
        assertEquals(1, stats.getQueryCacheHitCount(), "results cached after the loss are fresh again");
    }

    @Test
    void missingTimestampNow_readsANeverChangedTableAsJustChanged() {
        Map<String, Object> settings = databaseSettings();
        settings.put(CachetteRegionFactory.MISSING_TIMESTAMP, "now");
        try (Orm other = Orm.start(settings)) {
            other.seedLibrary();
            other.sessionFactory().getCache().evictAllRegions();
            other.cacheManager().getCache(RegionFactory.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME).clear();
            Statistics otherStats = other.stats();
            titlesStartingWithDune(other); // cached
            otherStats.clear();

            titlesStartingWithDune(other);
            assertEquals(0, otherStats.getQueryCacheHitCount(), "no timestamp: treated as changed now, so stale");

            titlesStartingWithDune(other); // cached by a transaction that began before the re-created timestamp
            titlesStartingWithDune(other); // cached after it
            otherStats.clear();
            titlesStartingWithDune(other);
            assertEquals(1, otherStats.getQueryCacheHitCount());
        }
    }
}
