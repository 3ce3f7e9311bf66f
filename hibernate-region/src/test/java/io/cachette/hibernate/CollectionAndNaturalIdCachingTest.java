package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;

/** Collections and natural ids through the second-level cache. */
class CollectionAndNaturalIdCachingTest {

    private static final String CHAPTERS = Book.class.getName() + ".chapters";

    private Orm orm;
    private Statistics stats;

    @BeforeEach
    void start() {
        orm = Orm.start();
        stats = orm.stats();
        orm.seedLibrary();
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    private int chapterCount() {
        return orm.fromTransaction(s -> s.find(Book.class, 1L).getChapters().size());
    }

    @Test
    void collectionLoadedInOneSession_isServedFromTheCacheInTheNext() {
        assertEquals(2, chapterCount());
        assertEquals(1, stats.getCollectionStatistics(CHAPTERS).getCacheMissCount());
        stats.clear();

        assertEquals(2, chapterCount());

        assertEquals(1, stats.getCollectionStatistics(CHAPTERS).getCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount(), "book, collection and chapters all from the cache");
    }

    @Test
    void collectionChange_invalidatesTheCachedCollection() {
        assertEquals(2, chapterCount());
        orm.inTransaction(s -> {
            Book book = s.find(Book.class, 1L);
            s.persist(new Chapter(3L, "Book Three", book));
        });
        stats.clear();

        assertEquals(3, chapterCount());
        assertEquals(0, stats.getCollectionStatistics(CHAPTERS).getCacheHitCount());
        stats.clear();
        assertEquals(3, chapterCount());
        assertEquals(1, stats.getCollectionStatistics(CHAPTERS).getCacheHitCount(), "cached again after the reload");
    }

    @Test
    @SuppressWarnings("deprecation")
    void naturalIdResolution_isServedFromTheCache() {
        orm.inTransaction(s -> {
            s.bySimpleNaturalId(Book.class).load("isbn-1");
        });
        stats.clear();

        String title = orm.fromTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-1").getTitle());

        assertEquals("Dune", title);
        assertEquals(1, stats.getNaturalIdCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount(), "id from the natural-id cache, entity from the entity cache");
    }
}
