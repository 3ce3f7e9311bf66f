package io.cachette.samples.bookstore;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** What every bookstore entity has: the id it is found by, assigned by the demo's data loader. */
@MappedSuperclass
public abstract class BookstoreEntity {

    @Id
    private Long id;

    protected BookstoreEntity() {
    }

    BookstoreEntity(long id) {
        this.id = id;
    }

    public Long getId() {
        return id;
    }
}
