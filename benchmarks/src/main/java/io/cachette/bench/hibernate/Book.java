package io.cachette.bench.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** The entity benchmark 5 finds by id: a handful of columns, cached READ_WRITE in the second-level cache. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = SessionFindBenchmark.REGION)
public class Book extends BookColumns {

    protected Book() {
    }

    Book(Long id, String title, String isbn, int pages) {
        super(id, title, isbn, pages);
    }
}
