package io.cachette.samples.bookstore;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A reader's review of a {@link Book}: the "many" side of {@link Book#getReviews()}. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Review extends BookstoreEntity {

    private int stars;
    private String reader;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Book book;

    protected Review() {
    }

    Review(long id, int stars, String reader, Book book) {
        super(id);
        this.stars = stars;
        this.reader = reader;
        this.book = book;
    }

    public int getStars() {
        return stars;
    }
}
