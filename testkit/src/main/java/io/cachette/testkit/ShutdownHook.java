package io.cachette.testkit;

import java.io.IOException;

/**
 * A launcher's shutdown hook: stops its servers when the JVM exits while they run. Added when the launcher starts
 * (a launcher that fails to start is closed at once), removed when it closes. One lifecycle for the memcached and
 * the PostgreSQL launcher.
 */
final class ShutdownHook {

    /** A start that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Start {
        void run() throws IOException;
    }

    private final Thread thread;

    /** @param stop stops the servers without waiting for a start in progress */
    ShutdownHook(String name, Runnable stop) {
        this.thread = new Thread(stop, name);
    }

    /** Adds the hook and runs {@code start}; when that fails, runs {@code close} and rethrows. */
    void start(Start start, Runnable close) throws IOException {
        Runtime.getRuntime().addShutdownHook(thread);
        try {
            start.run();
        } catch (IOException | RuntimeException e) {
            close.run();
            throw e;
        }
    }

    /** Removes the hook (the launcher is closing); does nothing when the JVM is already exiting. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook runs anyway
        }
    }
}
