package io.cachette.bench.hibernate;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * The columns of the book benchmark 5 finds by id, shared by its two mappings: {@link Book} (READ_WRITE) and
 * {@link NonstrictBook} (NONSTRICT_READ_WRITE, for the bounded near tier); a factory maps one of them.
 */
@MappedSuperclass
public abstract class BookColumns {

    @Id
    private Long id;
    private String title;
    private String isbn;
    private int pages;

    protected BookColumns() {
    }

    BookColumns(Long id, String title, String isbn, int pages) {
        this.id = id;
        this.title = title;
        this.isbn = isbn;
        this.pages = pages;
    }

    public int getPages() {
        return pages;
    }

    /** The update the update benchmark makes. */
    void addPage() {
        pages++;
    }
}
