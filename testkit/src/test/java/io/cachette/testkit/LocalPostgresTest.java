package io.cachette.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL launcher's contract: finding the binaries, a server that answers on its loopback port, fresh
 * databases, and nothing left behind on close. Checked with PostgreSQL's own client ({@code psql}), since the
 * test kit has no JDBC driver.
 */
class LocalPostgresTest {

    @Test
    void findBinDir_nothingInstalled_failsNamingTheInstallCommand(@TempDir Path empty) {
        PostgresNotFoundException e = assertThrows(PostgresNotFoundException.class,
                () -> LocalPostgres.findBinDir(Map.of("PATH", "/nonexistent-dir"), empty));
        assertTrue(e.getMessage().contains("apt-get install postgresql"), e.getMessage());
    }

    @Test
    void findBinDir_badOverride_failsNamingTheVariable(@TempDir Path empty) {
        PostgresNotFoundException e = assertThrows(PostgresNotFoundException.class,
                () -> LocalPostgres.findBinDir(Map.of("POSTGRES_BIN_DIR", "/nonexistent/bin"), empty));
        assertTrue(e.getMessage().contains("POSTGRES_BIN_DIR"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install postgresql"), e.getMessage());
    }

    @Test
    void findBinDir_debianLayout_takesTheNewestVersion(@TempDir Path root) throws IOException {
        for (String version : List.of("9", "15", "13")) {
            Path initdb = Files.createDirectories(root.resolve(version).resolve("bin")).resolve("initdb");
            Files.writeString(initdb, "#!/bin/sh\n");
            assertTrue(initdb.toFile().setExecutable(true));
        }
        assertEquals(root.resolve("15").resolve("bin"), LocalPostgres.findBinDir(Map.of(), root));
    }

    @Test
    void start_binDirWithoutInitdb_failsNamingTheInstallCommand(@TempDir Path empty) {
        PostgresNotFoundException e = assertThrows(PostgresNotFoundException.class, () -> LocalPostgres.start(empty));
        assertTrue(e.getMessage().contains("apt-get install postgresql"), e.getMessage());
    }

    @Test
    void start_freshServer_answersQueriesOnItsLoopbackPort() throws IOException {
        try (LocalPostgres postgres = LocalPostgres.start()) {
            assertTrue(postgres.isRunning());
            assertEquals("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", postgres.jdbcUrl());
            assertEquals("1", psql(postgres, "postgres", "select 1"));
        }
    }

    @Test
    void createDatabase_twice_givesTwoEmptyDatabases() throws IOException {
        try (LocalPostgres postgres = LocalPostgres.start()) {
            String first = postgres.createDatabase();
            String second = postgres.createDatabase();

            assertNotEquals(first, second);
            assertEquals("0", psql(postgres, first, "select count(*) from pg_tables where schemaname = 'public'"));
            assertEquals("0", psql(postgres, second, "select count(*) from pg_tables where schemaname = 'public'"));
        }
    }

    @Test
    void createDatabase_badName_isRejected() throws IOException {
        try (LocalPostgres postgres = LocalPostgres.start()) {
            assertThrows(IllegalArgumentException.class, () -> postgres.createDatabase("Robert'); drop table x;--"));
        }
    }

    @Test
    void close_runningServer_stopsItAndDeletesItsDirectory() throws IOException {
        LocalPostgres postgres = LocalPostgres.start();
        postgres.close();

        assertFalse(postgres.isRunning());
        assertFalse(Files.exists(postgres.directory()), "the data directory is deleted");
        assertFalse(accepts(postgres.port()));
        postgres.close(); // a second close does nothing more
    }

    /** Runs one query with psql and returns its single value. */
    static String psql(LocalPostgres postgres, String database, String query) throws IOException {
        Process process = new ProcessBuilder(postgres.binDir().resolve("psql").toString(), "-h", LocalPostgres.HOST,
                "-p", Integer.toString(postgres.port()), "-U", LocalPostgres.USER, "-d", database, "-At", "-c", query)
                .redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("psql did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPostgres.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
