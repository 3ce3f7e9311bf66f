package io.cachette.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A throwaway PostgreSQL server on a free {@code 127.0.0.1} port, for tests, demos and benchmark harnesses: a
 * fresh cluster in a temporary directory ({@code initdb}, trust authentication, superuser {@code postgres}, no
 * password), started with {@code pg_ctl -w} so {@link #start()} returns once it accepts connections, run with
 * {@code fsync=off} (its data is thrown away anyway). {@link #close()} stops it ({@code pg_ctl -m immediate}) and
 * deletes the directory, and so does a shutdown hook if the JVM exits first. Not for production.
 * <p>
 * The binaries are those of Debian's {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin}, the
 * newest version), or the directory {@code $POSTGRES_BIN_DIR} names, or {@code initdb} on the {@code PATH}; when
 * there are none {@link PostgresNotFoundException} says to {@code apt-get install postgresql}. PostgreSQL refuses
 * to run as root: when the JVM runs as root, {@code initdb} and {@code pg_ctl} run as the {@code postgres} OS
 * user (through {@code runuser}), which then owns the directory.
 * <p>
 * Needs no JDBC driver: the caller brings its own and connects to {@link #jdbcUrl(String)} as {@link #USER}.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The address the server listens on. */
    public static final String HOST = "127.0.0.1";
    /** The superuser every client connects as, without a password. */
    public static final String USER = "postgres";
    /** The database {@code initdb} creates. */
    public static final String DEFAULT_DATABASE = "postgres";

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final String INSTALL_HINT = "Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final int START_ATTEMPTS = 3;
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path binDir;
    private final Path dir;
    private final boolean asPostgresUser;
    private final ShutdownHook shutdownHook = new ShutdownHook("local-postgres-shutdown", this::stopAndDelete);
    private volatile int port;
    private volatile boolean closed;

    private LocalPostgres(Path binDir, Path dir, boolean asPostgresUser) {
        this.binDir = binDir;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Starts a fresh server with the binaries {@link #findBinDir()} finds.
     *
     * @throws PostgresNotFoundException when PostgreSQL is not installed
     * @throws IOException               when the server does not start (its log is in the message)
     */
    public static LocalPostgres start() throws IOException {
        return start(findBinDir());
    }

    /**
     * Starts a fresh server with the binaries in {@code binDir} ({@code initdb}, {@code pg_ctl}, {@code createdb}).
     *
     * @throws PostgresNotFoundException when {@code binDir} holds no executable {@code initdb}
     * @throws IOException               when the server does not start (its log is in the message)
     */
    public static LocalPostgres start(Path binDir) throws IOException {
        Objects.requireNonNull(binDir, "binDir");
        if (!Files.isExecutable(binDir.resolve("initdb"))) {
            throw new PostgresNotFoundException("no executable initdb in " + binDir + ". Install PostgreSQL ("
                    + INSTALL_HINT + ") or name the right directory.");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cachette-postgres-");
        LocalPostgres postgres = new LocalPostgres(binDir, dir, root);
        postgres.shutdownHook.start(() -> {
            if (root) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                Files.setOwner(dir, owner);
            }
            postgres.initdb();
            postgres.startServer();
        }, postgres::close);
        return postgres;
    }

    /**
     * The directory of PostgreSQL's server binaries: {@code $POSTGRES_BIN_DIR}, else the newest
     * {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), else the directory of {@code initdb} on the
     * {@code PATH}.
     *
     * @throws PostgresNotFoundException naming {@code apt-get install postgresql}
     */
    public static Path findBinDir() {
        return findBinDir(System.getenv(), DEBIAN_ROOT);
    }

    static Path findBinDir(Map<String, String> env, Path debianRoot) {
        Optional<String> configured = Executables.configured(env, "POSTGRES_BIN_DIR",
                dir -> Files.isExecutable(Path.of(dir, "initdb")),
                dir -> new PostgresNotFoundException("POSTGRES_BIN_DIR=" + dir + " holds no executable initdb. "
                        + "Install PostgreSQL (" + INSTALL_HINT + ") or fix the variable."));
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        Optional<Path> debian = Optional.empty();
        if (Files.isDirectory(debianRoot)) {
            try (var versions = Files.list(debianRoot)) {
                debian = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(LocalPostgres::majorVersion));
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        if (debian.isPresent()) {
            return debian.get();
        }
        return Executables.directoryOf("initdb", env, List.of()).orElseThrow(() -> new PostgresNotFoundException(
                "PostgreSQL is not installed: no " + debianRoot + "/<version>/bin/initdb "
                + "and no initdb on the PATH. Install it (" + INSTALL_HINT + ") or point POSTGRES_BIN_DIR at its "
                + "bin directory."));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- addresses

    /** The directory of the binaries the server runs. */
    public Path binDir() {
        return binDir;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /** Whether the server's postmaster runs. */
    public boolean isRunning() {
        return postmasterPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The temporary directory that holds the cluster, its socket and its log; gone after {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /**
     * Creates a fresh, empty database with a new name ({@code cachette_<n>}) and returns that name: a test gets a
     * database of its own without starting another server (about 0.2 s).
     */
    public String createDatabase() throws IOException {
        return createDatabase("cachette_" + DATABASES.incrementAndGet());
    }

    /**
     * Creates the database {@code name} (lower-case letters, digits and underscores) and returns the name.
     *
     * @throws IOException when {@code createdb} fails (e.g. the name is taken); its output is in the message
     */
    public String createDatabase(String name) throws IOException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", was '" + name + "'");
        }
        run(false, binDir.resolve("createdb").toString(), "-h", HOST, "-p", Integer.toString(port), "-U", USER, name);
        return name;
    }

    /** Stops the server and deletes its directory; closing twice does nothing more. */
    @Override
    public synchronized void close() {
        stopAndDelete();
        shutdownHook.remove();
    }

    // ---------------------------------------------------------------- internals

    private Path data() {
        return dir.resolve("data");
    }

    private void initdb() throws IOException {
        run(asPostgresUser, binDir.resolve("initdb").toString(), "-D", data().toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--no-sync");
    }

    /** {@code pg_ctl start -w} on a free port, again on another free port if one is taken meanwhile. */
    private void startServer() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            port = freePort();
            try {
                run(asPostgresUser, binDir.resolve("pg_ctl").toString(), "-D", data().toString(), "-w", "-t", "30",
                        "-l", dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir
                                + " -c listen_addresses=" + HOST + " -c fsync=off -c full_page_writes=off"
                                + " -c synchronous_commit=off -c max_connections=200",
                        "start");
                return;
            } catch (IOException e) {
                last = new IOException(e.getMessage() + "\nserver log:\n" + logText(), e);
                stopServer();
            }
        }
        throw last;
    }

    private void stopAndDelete() {
        if (closed) {
            return;
        }
        closed = true;
        stopServer();
        deleteRecursively(dir);
    }

    /** {@code pg_ctl stop -m immediate}; if that fails, SIGKILL the postmaster and every process under it. */
    private void stopServer() {
        if (!isRunning()) {
            return;
        }
        try {
            run(asPostgresUser, binDir.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate",
                    "-w", "-t", "10", "stop");
        } catch (IOException | RuntimeException e) {
            postmasterPid().flatMap(ProcessHandle::of).ifPresent(postmaster -> {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
            });
        }
    }

    private Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(data().resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs a command (as the postgres OS user when asked), bounded in time; fails with its output. */
    private void run(boolean asPostgres, String... command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(Arrays.asList(command));
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ": " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private String logText() {
        try {
            return Files.readString(dir.resolve("log")).strip();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a file the server still writes may reappear; the OS cleans /tmp
        }
    }
}
