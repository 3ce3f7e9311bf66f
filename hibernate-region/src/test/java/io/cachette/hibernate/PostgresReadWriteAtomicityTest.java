package io.cachette.hibernate;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.PostgresServer;

/**
 * {@link ReadWriteAtomicityTest} on a PostgreSQL server: inserts, loads, updates, deletes and a rollback that
 * really reach a database server still write the cache through atomic operations only.
 */
class PostgresReadWriteAtomicityTest extends ReadWriteAtomicityTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.start();

    @Override
    Map<String, Object> databaseSettings() {
        return Orm.onPostgres(Orm.defaults(), POSTGRES);
    }
}
