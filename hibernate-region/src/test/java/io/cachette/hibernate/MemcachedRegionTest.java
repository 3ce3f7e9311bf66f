package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.cache.Cache;

import org.hibernate.cache.spi.RegionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.entities.Book;
import io.cachette.testkit.MemcachedServers;

/**
 * The region factory on the memcached backend ({@code hibernate.cache.cachette.uri=memcached://…}): entity hits,
 * Hibernate's eviction API (a generation bump per cleared region; the tests are {@link EvictionTest}'s), and
 * update timestamps that may lose single entries. Each test uses its own region prefix, so the servers can be
 * shared by the class.
 */
class MemcachedRegionTest extends EvictionTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    private final String prefix = "t" + UUID.randomUUID().toString().replace("-", "");

    @Override
    Map<String, Object> settings() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.URI, SERVERS.uri());
        settings.put("hibernate.cache.region_prefix", prefix);
        return settings;
    }

    @Test
    void entityLoadedInOneSession_isASecondLevelHitWithoutSqlInTheNext() {
        assertEquals("Dune", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));

        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
        assertEquals(1, stats.getDomainDataRegionStatistics(Book.class.getName()).getHitCount());
    }

    @Test
    void updateInOneSession_isServedFromTheCacheInTheNext() {
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        stats.clear();

        assertEquals("Dune Messiah", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void collectionAndQueryResults_areServedFromMemcached() {
        orm.inTransaction(s -> assertEquals(2, s.find(Book.class, 1L).getChapters().size()));
        assertEquals(List.of("Dune"), titles());

        assertEquals(1, stats.getQueryCacheHitCount());
        assertTrue(stats.getSecondLevelCacheHitCount() >= 2, "book and its chapters collection");
        assertEquals(0, stats.getPrepareStatementCount());
    }

    /**
     * A memcached node can lose one table space's timestamp (it restarted and was flushed, or evicted it) while
     * the timestamps floor, on another node, survives. Read as "at the floor", the lost timestamp would make
     * results cached before the change look fresh; the memcached default reads it as "changed now".
     */
    @Test
    void lostUpdateTimestamp_neverMakesAResultCachedBeforeTheChangeFresh() {
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        Cache<Object, Object> timestamps = orm.cacheManager()
                .getCache(prefix + "." + RegionFactory.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME);

        assertTrue(timestamps.remove("Book"), "the Book table's timestamp was there and is lost now");

        assertEquals(List.of("Dune Messiah"), titles());
        assertEquals(0, stats.getQueryCacheHitCount());
    }
}
