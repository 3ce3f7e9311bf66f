package io.cachette.samples.bookstore;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A bookstore author: the "one" side of {@link Book#getAuthor()}, cached in the second-level cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author extends BookstoreEntity {

    private String name;
    private String country;

    protected Author() {
    }

    Author(long id, String name, String country) {
        super(id);
        this.name = name;
        this.country = country;
    }

    public String getName() {
        return name;
    }

    public String getCountry() {
        return country;
    }
}
