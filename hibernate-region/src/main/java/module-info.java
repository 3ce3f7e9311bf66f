/**
 * Cachette's Hibernate ORM second-level-cache region factory. Exported: {@code io.cachette.hibernate}
 * ({@code CachetteRegionFactory}, also found by Hibernate under the short name {@code cachette}); the regions and
 * access strategies in {@code io.cachette.hibernate.internal} are implementation. It names no backend: the
 * caches come from any Cachette {@code CacheManager}.
 */
module io.cachette.hibernate {
    requires io.cachette.jcache;
    requires org.hibernate.orm.core;
    requires java.naming; // Hibernate's SessionFactory is a javax.naming.Referenceable

    exports io.cachette.hibernate;

    provides org.hibernate.boot.registry.selector.StrategyRegistrationProvider
            with io.cachette.hibernate.internal.CachetteStrategyRegistrationProvider;
}
