package io.cachette.jcache.internal;

/**
 * Closes the user objects a cache made from its configuration's factories (policy, loader, writer, listener,
 * filter) when they are {@link AutoCloseable}, as the spec asks, without letting one failure stop the others.
 */
public final class Closeables {

    private Closeables() {
    }

    /** Closes {@code resource} if it is {@link AutoCloseable}; logs a failure to {@code log}. */
    public static void closeQuietly(Object resource, System.Logger log) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.log(System.Logger.Level.WARNING, "Closing " + resource + " failed", e);
            }
        }
    }
}
