package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.persistence.Tuple;

import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.hibernate.stat.Statistics;
import org.hibernate.type.StandardBasicTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.BookTitle;

/**
 * Cacheable native queries of every result shape: run in one session, run again in the next, the second run is a
 * query-cache hit that sends no SQL. Hibernate keeps the type descriptors of a native query's columns in the
 * cached result and accepts the result only if they are the very instances its own mapping uses; on a store that
 * serializes values (memcached) they must come back as those instances. Written once, run on each backend by a
 * subclass ({@link LocalNativeQueryCacheTest}, {@link MemcachedNativeQueryCacheTest}).
 */
abstract class NativeQueryCacheTest {

    Orm orm;
    Statistics stats;

    /** The settings of the factory under test: {@link Orm#defaults()} plus the backend's. */
    abstract Map<String, Object> settings();

    @BeforeEach
    void start() {
        orm = Orm.start(settings());
        stats = orm.stats();
        orm.inTransaction(s -> {
            s.persist(new Book(1L, "isbn-1", "Dune"));
            s.persist(new Book(2L, "isbn-2", "Dune Messiah"));
        });
        stats.clear();
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    /**
     * Runs {@code query} (cacheable, on the Book table) in one session and again in the next, asserts that the
     * second run was a query-cache hit without SQL, and returns what it gave ({@code rows} maps it to comparable
     * values inside the session).
     */
    private <R> List<?> runTwice(Function<Session, NativeQuery<R>> query, Function<R, ?> rows) {
        Function<Session, List<?>> run = s -> query.apply(s).addSynchronizedEntityClass(Book.class)
                .setCacheable(true).getResultList().stream().<Object>map(rows).toList();
        List<?> first = orm.fromTransaction(run);
        assertEquals(1, stats.getQueryCachePutCount(), "the first run caches its result");
        stats.clear();

        List<?> second = orm.fromTransaction(run);

        assertEquals(1, stats.getQueryCacheHitCount(), "query-cache hits");
        assertEquals(0, stats.getQueryCacheMissCount(), "query-cache misses");
        assertEquals(0, stats.getPrepareStatementCount(), "SQL statements");
        assertEquals(first, second);
        return second;
    }

    @Test
    void scalarQuery_secondRun_isACacheHitWithoutSql() {
        List<?> titles = runTwice(s -> s.createNativeQuery("select title from Book order by id", String.class),
                title -> title);

        assertEquals(List.of("Dune", "Dune Messiah"), titles);
    }

    @Test
    void scalarsOfDeclaredTypes_secondRun_isACacheHitWithoutSql() {
        List<?> rows = runTwice(s -> s.createNativeQuery("select id, title from Book order by id", Object[].class)
                .addScalar("id", StandardBasicTypes.LONG)
                .addScalar("title", StandardBasicTypes.STRING), Arrays::asList);

        assertEquals(List.of(List.of(1L, "Dune"), List.of(2L, "Dune Messiah")), rows);
    }

    @Test
    void tupleQuery_secondRun_isACacheHitWithoutSql() {
        List<?> rows = runTwice(s -> s.createNativeQuery("select id, title from Book order by id", Tuple.class),
                tuple -> List.of(((Number) tuple.get("id")).longValue(), tuple.get("title")));

        assertEquals(List.of(List.of(1L, "Dune"), List.of(2L, "Dune Messiah")), rows);
    }

    @Test
    void entityQuery_secondRun_isACacheHitWithoutSql() {
        List<?> titles = runTwice(s -> s.createNativeQuery("select * from Book order by id", Book.class),
                Book::getTitle);

        assertEquals(List.of("Dune", "Dune Messiah"), titles);
    }

    @Test
    void entityAndScalarQuery_secondRun_isACacheHitWithoutSql() {
        List<?> rows = runTwice(s -> s.createNativeQuery(
                        "select b.*, length(b.title) as title_length from Book b order by b.id",
                        Book.WITH_TITLE_LENGTH, Object[].class),
                row -> List.of(((Book) row[0]).getTitle(), row[1]));

        assertEquals(List.of(List.of("Dune", 4), List.of("Dune Messiah", 12)), rows);
    }

    @Test
    void constructorResultMapping_secondRun_isACacheHitWithoutSql() {
        List<?> titles = runTwice(s -> s.createNativeQuery("select id, title from Book order by id",
                Book.AS_TITLE, BookTitle.class), title -> title);

        assertEquals(List.of(new BookTitle(1L, "Dune"), new BookTitle(2L, "Dune Messiah")), titles);
    }

    @Test
    void cachedNativeQuery_afterAnUpdateOfItsTable_runsAgain() {
        Function<Session, List<String>> titles = s -> s.createNativeQuery("select title from Book order by id",
                String.class).addSynchronizedEntityClass(Book.class).setCacheable(true).getResultList();
        orm.fromTransaction(titles);
        orm.inTransaction(s -> s.find(Book.class, 2L).setTitle("Children of Dune"));
        stats.clear();

        assertEquals(List.of("Dune", "Children of Dune"), orm.fromTransaction(titles));
        assertEquals(0, stats.getQueryCacheHitCount());
        assertEquals(1, stats.getPrepareStatementCount());
    }
}
