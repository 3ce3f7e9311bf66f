package io.cachette.testkit;

import java.io.IOException;


/**
 * The shared JUnit 5 fixture that runs a throwaway PostgreSQL server ({@link LocalPostgres}) on a free loopback
 * port, so integration tests run against a real database server, not only an in-memory one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresServer POSTGRES = PostgresServer.start();     // one server for the class
 *
 * String url = POSTGRES.jdbcUrl(POSTGRES.createDatabase());          // a fresh database for one test
 * }</pre>
 *
 * Registered on a static field the server lives for the whole class; on an instance field, for one test. When
 * PostgreSQL is not installed the tests FAIL with a message that says to {@code apt-get install postgresql}: a
 * missing server must never turn into silently skipped tests. Connect as {@link LocalPostgres#USER} with no
 * password, with the test's own JDBC driver.
 */
public final class PostgresServer extends ScopedServerExtension<LocalPostgres> {

    private PostgresServer() {
        super("PostgreSQL is");
    }

    /** An extension that runs one PostgreSQL server (started when the test class or test begins). */
    public static PostgresServer start() {
        return new PostgresServer();
    }

    // ---------------------------------------------------------------- JUnit lifecycle (ScopedServerExtension)

    // ---------------------------------------------------------------- addresses

    /** The server's port on {@code 127.0.0.1}. */
    public int port() {
        return running().port();
    }

    /** The user to connect as: {@code postgres}, no password. */
    public String user() {
        return LocalPostgres.USER;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return running().jdbcUrl();
    }

    /** The JDBC URL of {@code database}. */
    public String jdbcUrl(String database) {
        return running().jdbcUrl(database);
    }

    /** Creates a fresh, empty database and returns its name (see {@link LocalPostgres#createDatabase()}). */
    public String createDatabase() throws IOException {
        return running().createDatabase();
    }

    /** The launcher under this extension. */
    public LocalPostgres server() {
        return running();
    }

    // ---------------------------------------------------------------- internals

    @Override
    LocalPostgres launch() throws IOException {
        return LocalPostgres.start();
    }
}
