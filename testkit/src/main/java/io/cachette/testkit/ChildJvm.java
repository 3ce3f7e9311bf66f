package io.cachette.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM for cross-JVM tests: runs {@code main} with this JVM's java and class path, its output (stdout and
 * stderr) collected in a temporary file, so a test can work in this JVM while the child runs and read what the
 * child printed once it ended.
 */
public final class ChildJvm {

    /** How a child ended: its exit code and everything it printed. */
    public record Ended(int exitCode, String output) {
    }

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
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Ended(exit, output);
    }
}
