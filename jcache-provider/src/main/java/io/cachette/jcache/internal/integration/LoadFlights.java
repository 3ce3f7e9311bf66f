package io.cachette.jcache.internal.integration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The loads of missing keys in flight in this JVM, one per key: the first thread to miss a key loads it, the
 * threads that miss it meanwhile wait for that result, or its exception, instead of calling the loader again
 * (what Caffeine's read-through does). A loader that reads its own key again in the same thread loads it again
 * rather than waiting for itself.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class LoadFlights<K, V> {

    /**
     * A load in flight: who runs it, its outcome, and the expired value it replaces when the store serves that
     * meanwhile (stale-while-revalidate).
     */
    record Flight<V>(Thread loader, CompletableFuture<V> outcome, CompletableFuture<V> stale) {
    }

    private final ConcurrentHashMap<Object, Flight<V>> flights = new ConcurrentHashMap<>();
    private final LongAdder led = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder staleServed = new LongAdder();

    /**
     * Joins the flight of {@code key}, or starts one: {@code null} when this thread is to load the key (then it
     * must {@linkplain #land land} the returned-to flight), else the running flight to {@link #await}.
     */
    Flight<V> join(K key, Flight<V> mine) {
        Flight<V> running = flights.putIfAbsent(key, mine);
        if (running == null) {
            led.increment();
            return null;
        }
        if (running.loader == Thread.currentThread()) {
            return null; // a loader reading its own key: load it again, do not wait for itself
        }
        waits.increment();
        return running;
    }

    /** A flight of this thread, to offer to {@link #join}. */
    Flight<V> newFlight() {
        return new Flight<>(Thread.currentThread(), new CompletableFuture<>(), new CompletableFuture<>());
    }

    /** Ends this thread's flight of {@code key} with its value (or {@code null}, or {@code failure}). */
    void land(K key, Flight<V> mine, V value, Throwable failure) {
        flights.remove(key, mine);
        if (failure != null) {
            mine.outcome.completeExceptionally(failure);
        } else {
            mine.outcome.complete(value);
        }
    }

    /** Lets the threads waiting for this thread's flight take {@code value}, expired, instead of its outcome. */
    static <V> void serveStale(Flight<V> mine, V value) {
        mine.stale.complete(value);
    }

    /**
     * The value another thread's flight loaded ({@code null}: none), or the expired one it reloads when the store
     * serves that meanwhile; its loader's exception is thrown here too.
     */
    V await(Flight<V> running) {
        CompletableFuture.anyOf(running.outcome, running.stale).exceptionally(failure -> null).join();
        if (!running.outcome.isDone()) {
            staleServed.increment();
            return running.stale.join();
        }
        try {
            return running.outcome.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Loads this JVM ran as the one thread loading a key. */
    long led() {
        return led.sum();
    }

    /** Threads that waited for another thread's reload and were answered with the expired value. */
    long staleServed() {
        return staleServed.sum();
    }

    /** Threads that waited for another thread's load. */
    long waits() {
        return waits.sum();
    }
}
