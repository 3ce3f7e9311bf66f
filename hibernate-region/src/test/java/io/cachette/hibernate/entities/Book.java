package io.cachette.hibernate.entities;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.ConstructorResult;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityResult;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Version;

import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/**
 * A versioned READ_WRITE entity with a cached natural id and a cached collection; also the home of the result set
 * mappings of the native-query tests.
 */
@Entity
@SqlResultSetMapping(name = Book.WITH_TITLE_LENGTH, entities = @EntityResult(entityClass = Book.class),
        columns = @ColumnResult(name = "title_length", type = Integer.class))
@SqlResultSetMapping(name = Book.AS_TITLE, classes = @ConstructorResult(targetClass = BookTitle.class,
        columns = {@ColumnResult(name = "id", type = Long.class), @ColumnResult(name = "title")}))
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {

    /** Result set mapping: the book and the length of its title ({@code title_length}). */
    public static final String WITH_TITLE_LENGTH = "BookWithTitleLength";
    /** Result set mapping: a {@link BookTitle} of the columns {@code id} and {@code title}. */
    public static final String AS_TITLE = "BookAsTitle";

    @Id
    private Long id;

    @NaturalId
    private String isbn;

    private String title;

    @Version
    private int version;

    @OneToMany(mappedBy = "book")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<Chapter> chapters = new ArrayList<>();

    protected Book() {
    }

    public Book(Long id, String isbn, String title) {
        this.id = id;
        this.isbn = isbn;
        this.title = title;
    }

    public Long getId() {
        return id;
    }

    public String getIsbn() {
        return isbn;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public int getVersion() {
        return version;
    }

    public List<Chapter> getChapters() {
        return chapters;
    }
}
