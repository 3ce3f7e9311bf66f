package io.cachette.bench.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** {@link Book}'s table cached NONSTRICT_READ_WRITE: the region a bounded near tier serves with no round trip. */
@Entity
@Table(name = "Book")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE, region = SessionFindBenchmark.REGION)
public class NonstrictBook extends BookColumns {

    protected NonstrictBook() {
    }

    NonstrictBook(Long id, String title, String isbn, int pages) {
        super(id, title, isbn, pages);
    }
}
