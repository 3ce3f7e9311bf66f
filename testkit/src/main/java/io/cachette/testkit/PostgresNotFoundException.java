package io.cachette.testkit;

/**
 * PostgreSQL's server binaries that {@link LocalPostgres} would run are missing; the message says how to install
 * them ({@code apt-get install postgresql}). An {@link IllegalStateException} so that tests fail (never skip) when
 * PostgreSQL is missing.
 */
public final class PostgresNotFoundException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    PostgresNotFoundException(String message) {
        super(message);
    }
}
