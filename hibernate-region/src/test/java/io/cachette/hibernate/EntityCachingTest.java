package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Country;
import io.cachette.hibernate.entities.Note;

/** Entities through the second-level cache, per access type, proved with Hibernate's statistics. */
class EntityCachingTest {

    private Orm orm;
    private Statistics stats;

    @BeforeEach
    void start() {
        orm = Orm.start();
        stats = orm.stats();
        orm.inTransaction(s -> {
            s.persist(new Book(1L, "isbn-1", "Dune"));
            s.persist(new Country("FR", "France"));
            s.persist(new Note(1L, "first"));
            s.persist(new Account(1L, 100));
        });
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    @Test
    void entityLoadedInOneSession_isSecondLevelHitWithNoSqlInTheNext() {
        orm.sessionFactory().getCache().evictEntityData(Book.class);
        orm.inTransaction(s -> { s.find(Book.class, 1L); });
        assertEquals(1, stats.getPrepareStatementCount(), "first load goes to the database");
        stats.clear();

        String title = orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());

        assertEquals("Dune", title);
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void persistedEntity_isCachedAfterCommit() {
        String title = orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());

        assertEquals("Dune", title);
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void readWriteUpdate_isVisibleFromTheCacheInTheNextSession() {
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
        stats.clear();

        Book book = orm.fromTransaction(s -> s.find(Book.class, 1L));

        assertEquals("Dune Messiah", book.getTitle());
        assertEquals(1, book.getVersion());
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void rolledBackUpdate_leavesNoValueOfItsOwnInTheCache() {
        orm.inTransaction(s -> { s.find(Book.class, 1L); }); // cached
        orm.sessionFactory().inSession(s -> {
            s.beginTransaction();
            s.find(Book.class, 1L).setTitle("Never committed");
            s.flush();
            s.getTransaction().rollback();
        });
        stats.clear();

        String title = orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());
        String again = orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle());

        assertEquals("Dune", title);
        assertEquals("Dune", again);
    }

    @Test
    void rolledBackInsert_isNotCached() {
        orm.sessionFactory().inSession(s -> {
            s.beginTransaction();
            s.persist(new Book(2L, "isbn-2", "Ghost"));
            s.flush();
            s.getTransaction().rollback();
        });

        assertFalse(orm.sessionFactory().getCache().containsEntity(Book.class, 2L));
        assertNull(orm.fromTransaction(s -> s.find(Book.class, 2L)));
    }

    @Test
    void deletedEntity_isNotServedFromTheCache() {
        orm.inTransaction(s -> s.remove(s.find(Book.class, 1L)));

        assertNull(orm.fromTransaction(s -> s.find(Book.class, 1L)));
    }

    @Test
    void bulkUpdateStatement_invalidatesCachedEntitiesOfItsType() {
        orm.inTransaction(s -> {
            s.find(Book.class, 1L);
        });
        orm.inTransaction(s -> {
            s.createMutationQuery("update Book set title = 'Dune (bulk)'").executeUpdate();
        });
        stats.clear();

        assertEquals("Dune (bulk)", orm.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));
        assertEquals(0, stats.getSecondLevelCacheHitCount());
    }

    @Test
    void nonstrictReadWriteUpdate_invalidatesTheEntry() {
        orm.inTransaction(s -> { s.find(Note.class, 1L); });
        orm.inTransaction(s -> s.find(Note.class, 1L).setText("second"));
        stats.clear();

        String text = orm.fromTransaction(s -> s.find(Note.class, 1L).getText());

        assertEquals("second", text);
        assertEquals(0, stats.getSecondLevelCacheHitCount(), "the stale entry was dropped, not served");
        assertEquals(1, stats.getPrepareStatementCount());
        stats.clear();
        orm.inTransaction(s -> { s.find(Note.class, 1L); });
        assertEquals(1, stats.getSecondLevelCacheHitCount(), "and the next load cached it again");
    }

    @Test
    void readOnlyEntity_isCachedAndItsUpdateIsRefused() {
        orm.inTransaction(s -> { s.find(Country.class, "FR"); });
        stats.clear();
        assertEquals("France", orm.fromTransaction(s -> s.find(Country.class, "FR").getName()));
        assertEquals(1, stats.getSecondLevelCacheHitCount());

        assertThrows(UnsupportedOperationException.class,
                () -> orm.inTransaction(s -> s.find(Country.class, "FR").setName("Gaul")));
        assertEquals("France", orm.fromTransaction(s -> s.find(Country.class, "FR").getName()));
    }

    @Test
    void transactionalUpdate_isVisibleAfterCommitFromTheCache() {
        orm.inTransaction(s -> s.find(Account.class, 1L).setBalance(250));
        stats.clear();

        long balance = orm.fromTransaction(s -> s.find(Account.class, 1L).getBalance());

        assertEquals(250, balance);
        assertEquals(1, stats.getSecondLevelCacheHitCount());
        assertEquals(0, stats.getPrepareStatementCount());
    }

    @Test
    void transactionalRollback_leavesNoValueOfItsOwnInTheCache() {
        orm.sessionFactory().inSession(s -> {
            s.beginTransaction();
            s.find(Account.class, 1L).setBalance(-1);
            s.flush();
            s.getTransaction().rollback();
        });

        long balance = orm.fromTransaction(s -> s.find(Account.class, 1L).getBalance());
        assertEquals(100, balance);
    }
}
