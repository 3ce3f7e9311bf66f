/**
 * Cachette's Micrometer binders: cache meters in Micrometer's own naming read from Cachette's statistics (no MBean
 * lookup, so every cache manager URI works), memcached client and server meters, and a Spring Boot
 * auto-configuration (meter binders and a memcached health indicator) that applies when Spring Boot is present,
 * and the Hibernate regions' soft-lock meters. The memcached backend, the Hibernate region factory and Spring are
 * optional ({@code requires static}).
 * Exported: {@code io.cachette.micrometer}; the auto-configuration package is opened to Spring, not exported.
 */
module io.cachette.micrometer {
    requires io.cachette.jcache;
    requires micrometer.core;
    requires static io.cachette.memcached;
    requires static io.cachette.hibernate;
    requires static org.hibernate.orm.core;
    requires static spring.core;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.context.support;
    requires static spring.boot.autoconfigure;
    requires static spring.boot.cache;
    requires static spring.boot.health;

    exports io.cachette.micrometer;

    opens io.cachette.micrometer.autoconfigure;
}
