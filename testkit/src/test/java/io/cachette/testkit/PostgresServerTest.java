package io.cachette.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JUnit fixture: a class-scoped server that runs during the tests and hands out fresh databases. */
class PostgresServerTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = PostgresServer.start();

    @Test
    void classScopedServer_runsDuringTheTest() {
        assertTrue(POSTGRES.server().isRunning());
        assertEquals("postgres", POSTGRES.user());
        assertEquals("jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/postgres", POSTGRES.jdbcUrl());
    }

    @Test
    void createDatabase_isReachableThroughItsJdbcUrl() throws IOException {
        String database = POSTGRES.createDatabase();

        assertEquals("jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/" + database, POSTGRES.jdbcUrl(database));
        assertEquals(database, LocalPostgresTest.psql(POSTGRES.server(), database, "select current_database()"));
    }
}
