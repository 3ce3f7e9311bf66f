package io.cachette.micrometer;

import io.cachette.micrometer.hibernate.Price;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.cachette.micrometer.Meters.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CachetteHibernateMetrics}: the soft-lock meters of a SessionFactory's regions show what two sessions
 * contending on one entity met, per region.
 */
class CachetteHibernateMetricsTest {

    private static final String PRICES = Price.class.getName();

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final SessionFactory sessionFactory = sessionFactory();

    @AfterEach
    void close() {
        sessionFactory.close();
    }

    private static SessionFactory sessionFactory() {
        Configuration configuration = new Configuration().addAnnotatedClass(Price.class);
        configuration.setProperty("hibernate.connection.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        configuration.setProperty("hibernate.connection.username", "sa");
        configuration.setProperty("hibernate.hbm2ddl.auto", "create-drop");
        configuration.setProperty("hibernate.cache.use_second_level_cache", "true");
        configuration.setProperty("hibernate.cache.region.factory_class", "cachette");
        configuration.setProperty("hibernate.cache.cachette.uri", "cachette:metrics-" + UUID.randomUUID());
        return configuration.buildSessionFactory();
    }

    /**
     * The first session changes the price and flushes, so it holds the entry's soft lock; meanwhile the second
     * session reads the price from the database and may not cache it.
     */
    @Test
    void monitor_aSessionReadsAnEntityAnotherHoldsLocked_showsTheLockAndTheRefusedLoad() {
        sessionFactory.inTransaction(s -> s.persist(new Price(1L, 100)));
        CachetteHibernateMetrics.monitor(registry, sessionFactory, Tags.of("app", "shop"));

        try (Session first = sessionFactory.openSession(); Session second = sessionFactory.openSession()) {
            first.beginTransaction();
            first.find(Price.class, 1L).setCents(120);
            first.flush();
            second.beginTransaction();
            second.find(Price.class, 1L);
            second.getTransaction().commit();
            first.getTransaction().commit();
        }

        assertEquals(1, count(registry, "cachette.hibernate.soft.locks", "region", PRICES, "app", "shop"));
        assertEquals(1, count(registry, "cachette.hibernate.puts.refused.by.lock", "region", PRICES));
        assertEquals(0, count(registry, "cachette.hibernate.soft.lock.contentions", "region", PRICES));
        assertEquals(0, count(registry, "cachette.hibernate.cache.failures", "region", PRICES));
    }
}
