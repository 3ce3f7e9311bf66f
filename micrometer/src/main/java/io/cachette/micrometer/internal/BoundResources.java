package io.cachette.micrometer.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a binder of many caches opened (listeners, memcached {@code stats} readers), closed together once, and the
 * (registry, client) pairs it bound, so that each memcached client is bound once per registry however many caches
 * share it. Once closed, nothing more is opened. Shared by the manager binder and the Spring Boot binder.
 */
public final class BoundResources {

    private final List<AutoCloseable> resources = new ArrayList<>(); // guarded by this
    /** The (registry, client) pairs bound; neither type overrides equals, so these are identities. */
    private final Set<List<Object>> boundClients = new HashSet<>(); // guarded by this
    private boolean closed; // guarded by this

    /** Opens a resource and keeps it, unless closed: then it opens nothing and returns {@code false}. */
    public synchronized boolean openIfNotClosed(Supplier<? extends AutoCloseable> opener) {
        if (closed) {
            return false;
        }
        resources.add(opener.get());
        return true;
    }

    /**
     * Keeps the meters of {@code client} bound to {@code registry}, unless closed or that client is already bound
     * to that registry: then {@code false}, and the caller does not bind them.
     */
    public synchronized boolean addClient(Object registry, Object client, AutoCloseable meters) {
        if (closed || !boundClients.add(List.of(registry, client))) {
            return false;
        }
        resources.add(meters);
        return true;
    }

    /** Marks these closed and hands back what was kept, for the caller to close outside the lock. */
    public synchronized List<AutoCloseable> close() {
        closed = true;
        List<AutoCloseable> toClose = new ArrayList<>(resources);
        resources.clear();
        return toClose;
    }
}
