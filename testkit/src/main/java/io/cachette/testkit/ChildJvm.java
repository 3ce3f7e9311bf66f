package io.cachette.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for cross-JVM tests: runs {@code main} with this JVM's java and class path, its output (stdout and
 * stderr) collected in a temporary file, so a test can work in this JVM while the child runs and read what the
 * child printed once it ended, or wait for a line it prints while it runs, or kill it (a process dying mid-work).
 */
public final class ChildJvm {

    /** How a child ended: its exit code and everything it printed. */
    public record Ended(int exitCode, String output) {
    }

    /** How often {@link #awaitOutput} reads the child's output. */
    private static final long POLL_MILLIS = 10;

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code main} with {@code args} in a new JVM. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        Path log = Files.createTempFile("child-jvm", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start(), log);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(log);
            throw e;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to end (it bounds its own run time) and returns how it ended; the log is removed. */
    public Ended awaitEnd() throws IOException, InterruptedException {
        int exit = process.waitFor();
        return ended(exit);
    }

    /**
     * Waits until the child has printed {@code text}, for at most {@code timeout}; {@code false} when it did not
     * (the time ran out, or the child ended without printing it).
     */
    public boolean awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long maxPolls = timeout.toMillis() / POLL_MILLIS + 1;
        for (long poll = 0; poll <= maxPolls; poll++) {
            boolean ended = !process.isAlive();
            if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            if (ended || System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    /**
     * Kills the child at once (SIGKILL: no shutdown hook, no finally block runs, its connections are cut as a
     * crashed JVM's are), waits for it to be gone and returns how it ended; the log is removed.
     */
    public Ended kill() throws IOException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException("child JVM " + process.pid() + " still alive 30 s after SIGKILL");
        }
        return ended(process.exitValue());
    }

    private Ended ended(int exit) throws IOException {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Ended(exit, output);
    }
}
