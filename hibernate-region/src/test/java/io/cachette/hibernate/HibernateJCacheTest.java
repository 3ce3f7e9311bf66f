package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;

/** Our JCache provider, unchanged, under Hibernate's own {@code hibernate-jcache} region factory. */
class HibernateJCacheTest {

    private Orm orm;
    private Statistics stats;

    @BeforeEach
    void start() {
        Map<String, Object> settings = Orm.defaults();
        settings.remove(CachetteRegionFactory.URI);
        settings.put("hibernate.cache.region.factory_class", "jcache");
        settings.put("hibernate.javax.cache.provider", CachetteRegionFactory.PROVIDER_CLASS);
        settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
        orm = Orm.start(settings);
        stats = orm.stats();
        orm.seedLibrary();
        orm.sessionFactory().getCache().evictAllRegions();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    @Test
    void entityLoadedInOneSession_isSecondLevelHitWithNoSqlInTheNext() {
        orm.inTransaction(s -> {
            s.find(Book.class, 1L);
        });
        assertEquals(1, stats.getSecondLevelCachePutCount());
        stats.clear();

        String title = orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());

        assertEquals("Dune", title);
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void readWriteUpdate_isVisibleInTheNextSession() {
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));

        assertEquals("Dune Messiah", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));
    }
}
