package io.cachette.samples.bookstore;

import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One run of the bookstore: a fresh database (H2 in memory, or one on a PostgreSQL server) filled with authors,
 * books and reviews, then a fixed,
 * seeded, read-heavy workload of one transaction per request, measured with Hibernate's statistics. The demo
 * runs it twice with the same seed, once without and once with the second-level cache, so both runs do the
 * same work and must compute the same checksum.
 */
final class Bookstore {

    private static final String[] GENRES = {
            "fantasy", "history", "mystery", "poetry", "science", "travel", "romance", "cooking"};
    private static final String[] COUNTRIES = {"FR", "DE", "JP", "BR", "NG", "CA", "IN", "NZ"};

    /**
     * How much data and work.
     *
     * @param authors  authors loaded
     * @param books    books loaded, each by a random author
     * @param reviews  reviews loaded, each of a random book
     * @param requests requests in the workload
     * @param seed     the seed of the data and the workload
     */
    record Sizes(int authors, int books, int reviews, int requests, long seed) {
        Sizes {
            if (authors < 1 || books < 1 || reviews < 0 || requests < 1) {
                throw new IllegalArgumentException("sizes must be positive (reviews may be 0): authors=" + authors
                        + ", books=" + books + ", reviews=" + reviews + ", requests=" + requests);
            }
        }
    }

    /**
     * What one run measured over its workload (not counting the loading of the data).
     *
     * @param sqlStatements    JDBC statements prepared, i.e. SQL sent to the database
     * @param l2Hits           second-level cache hits (entities and collections)
     * @param l2Misses         second-level cache misses
     * @param l2Puts           second-level cache puts
     * @param queryCacheHits   query results served from the query cache
     * @param queryCacheMisses query results not found in the query cache
     * @param elapsedMillis    wall-clock time of the workload
     * @param checksum         a sum over everything the workload read: equal for equal results
     */
    record Report(long sqlStatements, long l2Hits, long l2Misses, long l2Puts, long queryCacheHits,
                  long queryCacheMisses, long elapsedMillis, long checksum) {

        /** Hits over hits plus misses, or {@code NaN} when the cache was never asked. */
        double l2HitRatio() {
            long lookups = l2Hits + l2Misses;
            return lookups == 0 ? Double.NaN : (double) l2Hits / lookups;
        }
    }

    private final Sizes sizes;
    private final Supplier<Map<String, Object>> freshDatabase;

    /** A bookstore on a fresh H2 in-memory database per run. */
    Bookstore(Sizes sizes) {
        this(sizes, Bookstore::freshH2);
    }

    /**
     * A bookstore on the database {@code freshDatabase} names for each run: Hibernate's connection settings
     * ({@code hibernate.connection.url}, {@code .username}, {@code .password}) of a fresh, empty database.
     */
    Bookstore(Sizes sizes, Supplier<Map<String, Object>> freshDatabase) {
        this.sizes = sizes;
        this.freshDatabase = freshDatabase;
    }

    private static Map<String, Object> freshH2() {
        return Map.of("hibernate.connection.url", "jdbc:h2:mem:bookstore-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "hibernate.connection.username", "sa",
                "hibernate.connection.password", "");
    }

    /**
     * Runs the workload once.
     *
     * @param cacheSettings the Hibernate settings that turn the second-level and query caches off or on
     */
    Report run(Map<String, Object> cacheSettings) {
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Author.class)
                .addAnnotatedClass(Book.class)
                .addAnnotatedClass(Review.class);
        Map<String, Object> settings = new HashMap<>();
        settings.putAll(freshDatabase.get());
        settings.put("hibernate.hbm2ddl.auto", "create-drop");
        settings.put("hibernate.generate_statistics", "true");
        settings.put("hibernate.jdbc.batch_size", "100");
        settings.putAll(cacheSettings);
        settings.forEach((key, value) -> configuration.getProperties().put(key, value));
        try (SessionFactory sessionFactory = configuration.buildSessionFactory()) {
            load(sessionFactory);
            sessionFactory.getCache().evictAllRegions();
            Statistics statistics = sessionFactory.getStatistics();
            statistics.clear();
            long start = System.nanoTime();
            long checksum = workload(sessionFactory);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            return new Report(statistics.getPrepareStatementCount(), statistics.getSecondLevelCacheHitCount(),
                    statistics.getSecondLevelCacheMissCount(), statistics.getSecondLevelCachePutCount(),
                    statistics.getQueryCacheHitCount(), statistics.getQueryCacheMissCount(), elapsedMillis,
                    checksum);
        }
    }

    private void load(SessionFactory sessionFactory) {
        Random random = new Random(sizes.seed());
        sessionFactory.inTransaction(session -> {
            session.setCacheMode(CacheMode.IGNORE);
            Author[] authors = new Author[sizes.authors()];
            for (int i = 0; i < authors.length; i++) {
                authors[i] = new Author(i + 1, "Author " + (i + 1), COUNTRIES[random.nextInt(COUNTRIES.length)]);
                session.persist(authors[i]);
            }
            Book[] books = new Book[sizes.books()];
            for (int i = 0; i < books.length; i++) {
                books[i] = new Book(i + 1, "Book " + (i + 1), GENRES[random.nextInt(GENRES.length)],
                        1900 + random.nextInt(125), authors[random.nextInt(authors.length)]);
                session.persist(books[i]);
                flushEvery(session, i);
            }
            for (int i = 0; i < sizes.reviews(); i++) {
                session.persist(new Review(i + 1, 1 + random.nextInt(5), "reader" + random.nextInt(1000),
                        books[random.nextInt(books.length)]));
                flushEvery(session, i);
            }
        });
    }

    private static void flushEvery(Session session, int i) {
        if (i % 500 == 499) {
            session.flush();
            session.clear();
        }
    }

    /**
     * The workload: 70% book pages (book, author, reviews), 18% author pages (author and a cacheable query of
     * their books), 10% genre top-10 lists (a cacheable query), 2% new reviews (writes that must invalidate).
     */
    private long workload(SessionFactory sessionFactory) {
        Random random = new Random(sizes.seed() * 31 + 7);
        long checksum = 0;
        long nextReviewId = sizes.reviews() + 1L;
        for (int i = 0; i < sizes.requests(); i++) {
            int dice = random.nextInt(100);
            if (dice < 70) {
                long bookId = popular(random, sizes.books());
                checksum += sessionFactory.fromTransaction(session -> bookPage(session, bookId));
            } else if (dice < 88) {
                long authorId = popular(random, sizes.authors());
                checksum += sessionFactory.fromTransaction(session -> authorPage(session, authorId));
            } else if (dice < 98) {
                String genre = GENRES[random.nextInt(GENRES.length)];
                checksum += sessionFactory.fromTransaction(session -> genreTopTen(session, genre));
            } else {
                long bookId = popular(random, sizes.books());
                long reviewId = nextReviewId++;
                int stars = 1 + random.nextInt(5);
                sessionFactory.inTransaction(session -> {
                    Book book = session.find(Book.class, bookId);
                    Review review = new Review(reviewId, stars, "visitor", book);
                    book.getReviews().add(review);
                    session.persist(review);
                });
                checksum += stars;
            }
        }
        return checksum;
    }

    /** An id from 1 to {@code count}, low ids much more popular than high ones (as best-sellers are). */
    private static long popular(Random random, int count) {
        double skewed = Math.pow(random.nextDouble(), 3);
        return 1 + Math.min(count - 1, (long) (skewed * count));
    }

    private static long bookPage(Session session, long bookId) {
        Book book = session.find(Book.class, bookId);
        long sum = book.getTitle().length() + book.getAuthor().getName().length() + book.getPublished();
        for (Review review : book.getReviews()) {
            sum += review.getStars() * 7L + review.getId();
        }
        return sum;
    }

    private static long authorPage(Session session, long authorId) {
        Author author = session.find(Author.class, authorId);
        List<Book> books = session.createSelectionQuery(
                        "from Book b where b.author.id = :author order by b.id", Book.class)
                .setParameter("author", authorId)
                .setCacheable(true)
                .getResultList();
        long sum = author.getCountry().hashCode();
        for (Book book : books) {
            sum += book.getId() * 3 + book.getPublished();
        }
        return sum;
    }

    private static long genreTopTen(Session session, String genre) {
        List<Book> books = session.createSelectionQuery(
                        "from Book b where b.genre = :genre order by b.published desc, b.id", Book.class)
                .setParameter("genre", genre)
                .setMaxResults(10)
                .setCacheable(true)
                .getResultList();
        long sum = 0;
        for (Book book : books) {
            sum += book.getId() + book.getAuthor().getName().length();
        }
        return sum;
    }
}
