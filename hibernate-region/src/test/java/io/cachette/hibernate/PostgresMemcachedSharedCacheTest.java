package io.cachette.hibernate;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.PostgresServer;

/**
 * {@link SharedCacheTest} as production runs it: two factories (two JVMs' worth: separate CacheManagers and
 * memcached clients) sharing one memcached cluster and one PostgreSQL server, with real transactions, row locks
 * and a network round trip per statement instead of H2 inside the JVM.
 */
class PostgresMemcachedSharedCacheTest extends MemcachedSharedCacheTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.start();

    @Override
    Map<String, Object> databaseSettings() {
        return Orm.onPostgres(Orm.defaults(), POSTGRES);
    }
}
