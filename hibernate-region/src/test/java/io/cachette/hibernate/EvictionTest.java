package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hibernate.Cache;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;

/** Hibernate's {@link Cache} eviction API on Cachette regions. */
class EvictionTest {

    private static final String CHAPTERS = Book.class.getName() + ".chapters";

    private Orm orm;
    private Statistics stats;
    private Cache cache;

    @BeforeEach
    void start() {
        orm = Orm.start();
        stats = orm.stats();
        cache = orm.sessionFactory().getCache();
        orm.seedLibrary();
        orm.inTransaction(s -> {
            s.find(Book.class, 1L).getChapters().size();
        });
        runCachedQuery();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    private void runCachedQuery() {
        orm.inTransaction(s -> {
            s.createSelectionQuery("select b.title from Book b", String.class).setCacheable(true).getResultList();
        });
    }

    @Test
    void evictEntityData_dropsTheEntity() {
        assertTrue(cache.containsEntity(Book.class, 1L));

        cache.evictEntityData(Book.class, 1L);

        assertFalse(cache.containsEntity(Book.class, 1L));
        orm.inTransaction(s -> {
            s.find(Book.class, 1L);
        });
        assertEquals(0, stats.getSecondLevelCacheHitCount());
        assertEquals(1, stats.getPrepareStatementCount());
    }

    @Test
    void evictEntityDataOfAType_dropsEveryEntityOfIt() {
        cache.evictEntityData(Book.class);

        assertFalse(cache.containsEntity(Book.class, 1L));
    }

    @Test
    void evictCollectionData_dropsTheCollection() {
        assertTrue(cache.containsCollection(CHAPTERS, 1L));

        cache.evictCollectionData(CHAPTERS, 1L);

        assertFalse(cache.containsCollection(CHAPTERS, 1L));
        assertTrue(cache.containsEntity(Book.class, 1L), "the owner stays cached");
    }

    @Test
    void evictQueryRegions_dropsCachedResults() {
        cache.evictQueryRegions();

        runCachedQuery();
        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(1, stats.getQueryCacheMissCount());
    }

    @Test
    void evictAll_dropsEntityDataAsJpaDefinesIt() {
        cache.evictAll();

        assertFalse(cache.containsEntity(Book.class, 1L));
        assertFalse(cache.containsEntity(Chapter.class, 1L));
    }

    @Test
    void evictAllRegions_dropsEverything() {
        cache.evictAllRegions();

        assertFalse(cache.containsEntity(Book.class, 1L));
        assertFalse(cache.containsCollection(CHAPTERS, 1L));
        runCachedQuery();
        assertEquals(0, stats.getQueryCacheHitCount());
    }
}
