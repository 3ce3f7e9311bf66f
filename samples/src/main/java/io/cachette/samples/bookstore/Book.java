package io.cachette.samples.bookstore;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

import java.util.ArrayList;
import java.util.List;

/** A book with its author (many-to-one) and its reviews (a cached one-to-many collection). */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Book extends BookstoreEntity {

    private String title;
    private String genre;
    private int published;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Author author;

    @OneToMany(mappedBy = "book")
    @OrderBy("id")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<Review> reviews = new ArrayList<>();

    protected Book() {
    }

    Book(long id, String title, String genre, int published, Author author) {
        super(id);
        this.title = title;
        this.genre = genre;
        this.published = published;
        this.author = author;
    }

    public String getTitle() {
        return title;
    }

    public int getPublished() {
        return published;
    }

    public Author getAuthor() {
        return author;
    }

    public List<Review> getReviews() {
        return reviews;
    }
}
