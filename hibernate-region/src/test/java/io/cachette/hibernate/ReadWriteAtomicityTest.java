package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import javax.cache.CacheManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;
import io.cachette.testing.LocalCacheManagers;

/**
 * READ_WRITE writes only through atomic cache operations ({@code putIfAbsent}, {@code replace(k, old, new)},
 * {@code remove(k, old)}), never a blind {@code put}: the property that keeps it correct when the cache is shared
 * across JVMs. On H2 here, on PostgreSQL in {@link PostgresReadWriteAtomicityTest}.
 */
class ReadWriteAtomicityTest {

    private static final Set<String> ATOMIC_OR_READ = Set.of("get/1", "putIfAbsent/2", "replace/3", "remove/2",
            "containsKey/1", "clear/0", "getName/0", "getConfiguration/1", "unwrap/1", "isClosed/0", "close/0",
            "getCacheManager/0", "equals/1", "hashCode/0", "toString/0");

    private CacheManager real;
    private InterceptedCaches caches;
    private Orm orm;

    /** The settings the factory starts from: a fresh H2 database; a subclass may name another database. */
    Map<String, Object> databaseSettings() {
        return Orm.defaults();
    }

    @BeforeEach
    void start() {
        real = LocalCacheManagers.fresh("atomic");
        caches = new InterceptedCaches(real);
        Map<String, Object> settings = databaseSettings();
        settings.put(CachetteRegionFactory.CACHE_MANAGER, caches.manager());
        orm = Orm.start(settings);
    }

    @AfterEach
    void stop() {
        orm.close();
        real.close();
    }

    @Test
    void insertLoadUpdateDeleteAndRollback_useOnlyAtomicWrites() {
        orm.seedLibrary();
        orm.sessionFactory().getCache().evictAllRegions();
        orm.inTransaction(s -> {
            s.find(Book.class, 1L).getChapters().size();
        });
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        orm.inTransaction(s -> s.find(Chapter.class, 2L).setName("Muad'Dib"));
        orm.sessionFactory().inSession(s -> {
            s.beginTransaction();
            s.find(Book.class, 1L).setTitle("rolled back");
            s.flush();
            s.getTransaction().rollback();
        });
        orm.inTransaction(s -> s.remove(s.find(Chapter.class, 1L)));

        for (String region : new String[] {Book.class.getName(), Chapter.class.getName(),
                Book.class.getName() + ".chapters", Book.class.getName() + "##NaturalId"}) {
            Set<String> used = caches.calls(region);
            assertTrue(used.contains("replace/3") || used.contains("putIfAbsent/2"), region + " was written: " + used);
            assertTrue(ATOMIC_OR_READ.containsAll(used), region + " used " + used);
        }
        assertEquals("Dune Messiah", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));
    }
}
