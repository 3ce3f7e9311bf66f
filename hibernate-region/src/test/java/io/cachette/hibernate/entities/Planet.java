package io.cachette.hibernate.entities;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.Immutable;

/**
 * An immutable READ_ONLY entity without collections: the kind Hibernate caches as a reference entry (the
 * instance itself) when {@code hibernate.cache.use_reference_entries=true}.
 */
@Entity
@Immutable
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
public class Planet {

    @Id
    private Long id;

    private String name;

    protected Planet() {
    }

    public Planet(Long id, String name) {
        this.id = id;
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
