package io.cachette.hibernate.entities;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An unversioned READ_WRITE entity, element of {@link Book#getChapters()}. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Chapter {

    @Id
    private Long id;

    private String name;

    @ManyToOne
    private Book book;

    protected Chapter() {
    }

    public Chapter(Long id, String name, Book book) {
        this.id = id;
        this.name = name;
        this.book = book;
        book.getChapters().add(this);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
