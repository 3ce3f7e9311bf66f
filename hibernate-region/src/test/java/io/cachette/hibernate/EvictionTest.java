package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.hibernate.Cache;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;

/**
 * Hibernate's {@link Cache} eviction API on Cachette regions, with book 1, its chapters collection and a query
 * result cached before each test. Written once, run on each backend by a subclass ({@link LocalEvictionTest},
 * {@link MemcachedRegionTest}).
 */
abstract class EvictionTest {

    static final String CHAPTERS = Book.class.getName() + ".chapters";

    Orm orm;
    Statistics stats;
    Cache cache;

    /** The settings of the factory under test: {@link Orm#defaults()} plus the backend's. */
    abstract Map<String, Object> settings();

    @BeforeEach
    void start() {
        orm = Orm.start(settings());
        stats = orm.stats();
        cache = orm.sessionFactory().getCache();
        orm.seedLibrary();
        orm.inTransaction(s -> {
            s.find(Book.class, 1L).getChapters().size();
        });
        titles();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    /** Runs the cached query {@code select b.title from Book b}. */
    List<String> titles() {
        return orm.fromTransaction(
                s -> s.createSelectionQuery("select b.title from Book b", String.class).setCacheable(true)
                        .getResultList());
    }

    @Test
    void evictEntityData_dropsTheEntity() {
        assertTrue(cache.containsEntity(Book.class, 1L));

        cache.evictEntityData(Book.class, 1L);

        assertFalse(cache.containsEntity(Book.class, 1L));
        assertTrue(cache.containsEntity(Chapter.class, 1L));
        orm.inTransaction(s -> {
            s.find(Book.class, 1L);
        });
        assertEquals(0, stats.getSecondLevelCacheHitCount());
        assertEquals(1, stats.getPrepareStatementCount());
    }

    @Test
    void evictEntityDataOfAType_dropsEveryEntityOfIt() {
        cache.evictEntityData(Chapter.class);

        assertFalse(cache.containsEntity(Chapter.class, 1L));
        assertFalse(cache.containsEntity(Chapter.class, 2L));
        assertTrue(cache.containsEntity(Book.class, 1L), "another region");
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

        titles();
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
        assertFalse(cache.containsEntity(Chapter.class, 1L));
        assertFalse(cache.containsCollection(CHAPTERS, 1L));
        titles();
        assertEquals(0, stats.getQueryCacheHitCount());
    }
}
