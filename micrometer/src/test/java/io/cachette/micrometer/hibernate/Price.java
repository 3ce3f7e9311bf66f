package io.cachette.micrometer.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A READ_WRITE cached entity for the Hibernate meters test. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Price {

    @Id
    private Long id;

    private int cents;

    protected Price() {
    }

    public Price(Long id, int cents) {
        this.id = id;
        this.cents = cents;
    }

    public void setCents(int cents) {
        this.cents = cents;
    }
}
