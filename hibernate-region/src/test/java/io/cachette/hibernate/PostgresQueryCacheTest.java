package io.cachette.hibernate;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.PostgresServer;

/** {@link QueryCacheTest} on a PostgreSQL server: query results cached and invalidated by real commits. */
class PostgresQueryCacheTest extends QueryCacheTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.start();

    @Override
    Map<String, Object> databaseSettings() {
        return Orm.onPostgres(Orm.defaults(), POSTGRES);
    }
}
