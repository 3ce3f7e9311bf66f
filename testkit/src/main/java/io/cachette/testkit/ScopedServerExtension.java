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
 * fixtures scope the same way.
 */
abstract class ScopedServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private boolean classScoped;

    /** Starts the servers; does nothing when they run. */
    abstract void startServers() throws IOException;

    /** Stops the servers and removes what they left; does nothing when they are stopped. */
    abstract void stopServers();

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
