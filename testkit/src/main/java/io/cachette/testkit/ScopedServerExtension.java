package io.cachette.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;

/**
 * The JUnit lifecycle every server extension of the kit shares: registered on a static field its servers live for
 * the whole test class, on an instance field for one test. One home for that rule, so memcached and PostgreSQL
 * fixtures scope the same way. It also holds the running launcher, started and closed here.
 *
 * @param <S> the launcher of the servers ({@link LocalMemcachedServers}, {@link LocalPostgres})
 */
abstract class ScopedServerExtension<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback {

    private final String serversName;
    private volatile S servers;
    private boolean classScoped;

    /** @param serversName what runs, for the error when it does not ({@code "PostgreSQL"}) */
    ScopedServerExtension(String serversName) {
        this.serversName = serversName;
    }

    /** Starts the servers. */
    abstract S launch() throws IOException;

    /** The running launcher. */
    final S running() {
        S running = servers;
        if (running == null) {
            throw new IllegalStateException(serversName + " not running: register the extension with "
                    + "@RegisterExtension and use it from a test (or @BeforeAll/@BeforeEach after it started)");
        }
        return running;
    }

    /** Starts the servers; does nothing when they run. */
    final synchronized void startServers() throws IOException {
        if (servers == null) {
            servers = launch();
        }
    }

    /** Stops the servers and removes what they left; does nothing when they are stopped. */
    final synchronized void stopServers() {
        if (servers != null) {
            try {
                servers.close();
            } catch (Exception e) { // the kit's launchers close without checked exceptions
                throw new IllegalStateException(e);
            } finally {
                servers = null;
            }
        }
    }

    /** Before each test of a class-scoped extension: undo what the previous test did to the servers. */
    void beforeEachTestOfClass() throws IOException {
    }

    @Override
    public final void beforeAll(ExtensionContext context) throws IOException {
        classScoped = true;
        startServers();
    }

    @Override
    public final void beforeEach(ExtensionContext context) throws IOException {
        if (classScoped) {
            beforeEachTestOfClass();
        } else {
            startServers();
        }
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        if (!classScoped) {
            stopServers();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        stopServers();
    }
}
