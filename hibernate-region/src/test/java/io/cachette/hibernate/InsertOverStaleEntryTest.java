package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.util.Map;

import org.hibernate.CacheMode;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Country;
import io.cachette.hibernate.entities.Note;

/**
 * A row deleted behind Hibernate's back (plain JDBC: bulk SQL, another application) while its entity is cached,
 * then inserted again under the same id through Hibernate: the next session reads the new row, not the cached
 * state of the deleted one, for every access type. Written once, run on each backend by a subclass
 * ({@link LocalInsertOverStaleEntryTest}, {@link MemcachedInsertOverStaleEntryTest}).
 */
abstract class InsertOverStaleEntryTest {

    Orm orm;
    Statistics stats;

    /** The settings of the factory under test: {@link Orm#defaults()} plus the backend's. */
    abstract Map<String, Object> settings();

    @BeforeEach
    void start() {
        orm = Orm.start(settings());
        stats = orm.stats();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    /** Deletes a row with plain JDBC, which Hibernate neither sees nor invalidates anything for. */
    private void deleteByJdbc(String table, String idColumn, Object id) {
        orm.inTransaction(s -> s.doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from " + table + " where " + idColumn + " = ?")) {
                delete.setObject(1, id);
                assertEquals(1, delete.executeUpdate());
            }
        }));
    }

    /**
     * Inserts in a session that writes the second-level cache but does not read it: with an assigned id,
     * {@code persist} asks the cache whether the entity exists, and the stale entry (of any cache provider) would
     * make it see a detached entity.
     */
    private void insert(Object entity) {
        orm.inTransaction(s -> {
            s.setCacheMode(CacheMode.PUT);
            s.persist(entity);
        });
    }

    /** Reads an entity that must be a second-level cache hit, so that the test starts from a cached entry. */
    private <T> void assertCached(Class<T> type, Object id) {
        stats.clear();
        orm.inTransaction(s -> s.find(type, id));
        assertEquals(1, stats.getSecondLevelCacheHitCount(), type.getSimpleName() + " " + id + " is cached");
    }

    @Test
    void insert_readWriteIdDeletedByJdbc_nextSessionReadsTheNewStateAndVersion() {
        orm.inTransaction(s -> s.persist(new Book(1L, "isbn-1", "Dune")));
        orm.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune, revised"));
        assertCached(Book.class, 1L);
        deleteByJdbc("Book", "id", 1L);

        insert(new Book(1L, "isbn-2", "Dune Messiah"));

        Book book = orm.fromTransaction(s -> s.find(Book.class, 1L));
        assertEquals("Dune Messiah", book.getTitle());
        assertEquals(0, book.getVersion());
    }

    @Test
    void insert_transactionalIdDeletedByJdbc_nextSessionReadsTheNewStateAndVersion() {
        orm.inTransaction(s -> s.persist(new Account(1L, 100)));
        orm.inTransaction(s -> s.find(Account.class, 1L).setBalance(150));
        assertCached(Account.class, 1L);
        deleteByJdbc("Account", "id", 1L);

        insert(new Account(1L, 7));

        Account account = orm.fromTransaction(s -> s.find(Account.class, 1L));
        assertEquals(7, account.getBalance());
        assertEquals(0, account.getVersion());
    }

    @Test
    void insert_readOnlyIdDeletedByJdbc_nextSessionReadsTheNewState() {
        orm.inTransaction(s -> s.persist(new Country("NL", "Netherlands")));
        assertCached(Country.class, "NL");
        deleteByJdbc("Country", "code", "NL");

        insert(new Country("NL", "Nederland"));

        assertEquals("Nederland", orm.fromTransaction(s -> s.find(Country.class, "NL").getName()));
    }

    @Test
    void insert_nonStrictIdDeletedByJdbc_nextSessionReadsTheNewState() {
        orm.inTransaction(s -> s.persist(new Note(1L, "old")));
        orm.inTransaction(s -> s.find(Note.class, 1L));
        assertCached(Note.class, 1L);
        deleteByJdbc("Note", "id", 1L);

        insert(new Note(1L, "new"));

        assertEquals("new", orm.fromTransaction(s -> s.find(Note.class, 1L).getText()));
    }
}
