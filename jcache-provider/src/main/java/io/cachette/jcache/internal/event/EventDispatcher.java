package io.cachette.jcache.internal.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * The entry listeners of one cache: registration, and delivery of the events {@link CacheEvents} and
 * {@link StoreEventBridge} hand it. The cache asks {@link #hasListeners()} (one volatile read) before it
 * builds any event, so a cache without listeners pays nothing. Synchronous listeners run on the caller's
 * thread before the operation returns; asynchronous ones run on a shared executor, each in event order.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventDispatcher<K, V> {

    private final Executor asyncExecutor;
    private volatile ListenerRegistration<K, V>[] registrations = newArray(0);

    public EventDispatcher(Executor asyncExecutor) {
        this.asyncExecutor = asyncExecutor;
    }

    /** Whether any listener is registered. */
    boolean hasListeners() {
        return registrations.length != 0;
    }

    /** Whether any listener takes events of {@code type}. */
    boolean hasListeners(EventType type) {
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.accepts(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers a listener.
     *
     * @throws IllegalArgumentException when an equal configuration is already registered
     */
    public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.configuration.equals(configuration)) {
                throw new IllegalArgumentException("Cache entry listener configuration already registered: "
                        + configuration);
            }
        }
        ListenerRegistration<K, V>[] current = registrations;
        ListenerRegistration<K, V>[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = new ListenerRegistration<>(configuration, asyncExecutor);
        registrations = next;
    }

    /** Deregisters a listener; {@code true} when it was registered. */
    public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        List<ListenerRegistration<K, V>> kept = new ArrayList<>();
        ListenerRegistration<K, V> removed = null;
        for (ListenerRegistration<K, V> registration : registrations) {
            if (removed == null && registration.configuration.equals(configuration)) {
                removed = registration;
            } else {
                kept.add(registration);
            }
        }
        if (removed == null) {
            return false;
        }
        registrations = kept.toArray(newArray(0));
        removed.close();
        return true;
    }

    /** Publishes one event. */
    void publish(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
        publish(List.of(new CachetteEntryEvent<>(source, type, key, value, oldValue)));
    }

    /**
     * Publishes the events of one operation to every listener: synchronous listeners first finish, then the
     * first listener failure is rethrown (as a {@code CacheEntryListenerException}, errors as they are).
     */
    void publish(List<CachetteEntryEvent<K, V>> events) {
        publish(events, true, true);
    }

    /** As {@link #publish(List)}, to the synchronous listeners only. */
    void publishSynchronous(List<CachetteEntryEvent<K, V>> events) {
        publish(events, true, false);
    }

    /**
     * Hands events to the asynchronous listeners only; cheap enough to call while the store holds the key's
     * lock, which is how the events of one key stay in order.
     */
    void publishAsynchronous(List<CachetteEntryEvent<K, V>> events) {
        publish(events, false, true);
    }

    private void publish(List<CachetteEntryEvent<K, V>> events, boolean synchronous, boolean asynchronous) {
        if (events.isEmpty()) {
            return;
        }
        RuntimeException failure = null;
        for (ListenerRegistration<K, V> registration : registrations) {
            if (registration.isSynchronous() ? !synchronous : !asynchronous) {
                continue;
            }
            try {
                registration.deliver(events);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Deregisters and closes every listener. */
    public synchronized void close() {
        ListenerRegistration<K, V>[] current = registrations;
        registrations = newArray(0);
        for (ListenerRegistration<K, V> registration : current) {
            registration.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <K, V> ListenerRegistration<K, V>[] newArray(int length) {
        return (ListenerRegistration<K, V>[]) new ListenerRegistration<?, ?>[length];
    }
}
