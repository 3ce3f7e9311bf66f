package io.cachette.jcache.internal.integration;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.EventBatch;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.write.Mutations;

import io.cachette.store.HerdCounters;
import io.cachette.store.StoreEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.integration.CompletionListener;

/**
 * Loading through a cache's {@link CacheLoaderAdapter}: read-through of a missing entry, {@code loadAll} on the
 * cache's executor, and the load of an entry processor's {@code getValue()}. A loaded value is stored without
 * telling the writer, counts as a put and makes a {@code CREATED} (or {@code UPDATED}) event.
 *
 * <p>Herd control: read-through loads a missing key once per JVM while a load of it is in flight
 * ({@link LoadFlights}), and the store lets one JVM at a time load it when other JVMs share it
 * ({@link io.cachette.store.Store#loadMissing}); the callers that waited get the value that caller stored (a copy
 * each, when the cache is by value), or the exception its loader threw.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ReadThrough<K, V> {

    private final CacheContext<K, V> context;
    private final CacheLoaderAdapter<K, V> loader;
    private final Mutations<K, V> mutations;
    private final Executor executor;
    private final LoadFlights<K, V> flights = new LoadFlights<>();

    /** @param executor runs {@code loadAll} */
    public ReadThrough(CacheContext<K, V> context, CacheLoaderAdapter<K, V> loader, Mutations<K, V> mutations,
                       Executor executor) {
        this.context = context;
        this.loader = loader;
        this.mutations = mutations;
        this.executor = executor;
    }

    /** The loaded value of {@code key}, not stored: an entry processor's {@code getValue()}. */
    public V load(K key) {
        return loader.load(key);
    }

    /**
     * The value of a missing {@code key}, loaded and stored by this caller or by the one other caller loading it
     * meanwhile (in this JVM or, on a shared store, in another); {@code null} when the loader has none.
     */
    public V loadAndStore(K key) {
        LoadFlights.Flight<V> mine = flights.newFlight();
        LoadFlights.Flight<V> running = flights.join(key, mine);
        if (running != null) {
            return context.byValue().copyOut(flights.await(running));
        }
        V value = null;
        Throwable failure = null;
        try {
            Object[] loaded = new Object[1];
            StoreEntry<V> found = context.store().loadMissing(key, () -> loaded[0] = loadAndStoreNow(key),
                    stale -> LoadFlights.serveStale(mine, stale.value()));
            value = found != null ? context.byValue().copyOut(found.value()) : cast(loaded[0]);
            return value;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            flights.land(key, mine, value, failure);
        }
    }

    private V loadAndStoreNow(K key) {
        V loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        store(key, loaded, false).publish();
        return loaded;
    }

    /**
     * Loads and stores the {@code missing} keys of a {@code getAll}, adding their values to {@code result}: each
     * key once, as {@link #loadAndStore} does.
     */
    public void loadAndStoreAll(List<K> missing, Map<K, V> result) {
        Map<K, LoadFlights.Flight<V>> mine = new LinkedHashMap<>();
        Map<K, LoadFlights.Flight<V>> joined = new LinkedHashMap<>();
        for (K key : missing) {
            LoadFlights.Flight<V> flight = flights.newFlight();
            LoadFlights.Flight<V> running = flights.join(key, flight);
            if (running == null) {
                mine.put(key, flight);
            } else {
                joined.put(key, running);
            }
        }
        if (!mine.isEmpty()) {
            Map<K, V> loaded = new HashMap<>();
            Throwable failure = null;
            try {
                Map<K, StoreEntry<V>> found = context.store().loadAllMissing(new ArrayList<>(mine.keySet()),
                        keys -> storeAll(loader.loadAll(keys), false, loaded));
                found.forEach((key, entry) -> loaded.put(key, context.byValue().copyOut(entry.value())));
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                for (Map.Entry<K, LoadFlights.Flight<V>> flight : mine.entrySet()) {
                    flights.land(flight.getKey(), flight.getValue(), loaded.get(flight.getKey()), failure);
                }
            }
            loaded.forEach((key, value) -> {
                if (value != null) {
                    result.put(key, value);
                }
            });
        }
        for (Map.Entry<K, LoadFlights.Flight<V>> running : joined.entrySet()) {
            V value = flights.await(running.getValue());
            if (value != null) {
                result.put(running.getKey(), context.byValue().copyOut(value));
            }
        }
    }

    /**
     * What herd control counted for this cache: the loads led and the waits in this JVM, with the store's own
     * when other JVMs share it (then the store's leases, not this JVM's leads, are the leases won).
     */
    public HerdCounters herdCounters() {
        HerdCounters own = context.store().herdCounters();
        boolean shared = context.store().capabilities().sharedAcrossJvms();
        return own.plus(new HerdCounters(shared ? 0 : flights.led(), flights.waits(), 0, flights.staleServed()));
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object value) {
        return (V) value;
    }

    /** {@code Cache.loadAll} on the cache's executor; the listener hears of its completion or failure. */
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        executor.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : keys) {
                    if (replaceExistingValues || context.store().get(key) == null) {
                        toLoad.add(key);
                    }
                }
                if (!toLoad.isEmpty()) {
                    storeAll(loader.loadAll(toLoad), replaceExistingValues, null);
                }
                if (listener != null) {
                    listener.onCompletion();
                }
            } catch (Exception e) {
                if (listener != null) {
                    listener.onException(e);
                }
            }
        });
    }

    /** Stores the loaded entries (a {@code null} key or value is skipped); adds them to {@code result} if given. */
    private void storeAll(Map<K, V> loaded, boolean replaceExisting, Map<K, V> result) {
        EventBatch<K, V> published = context.events().newBatch();
        for (Map.Entry<K, V> entry : loaded.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                store(entry.getKey(), entry.getValue(), replaceExisting).addTo(published);
                if (result != null) {
                    result.put(entry.getKey(), entry.getValue());
                }
            }
        }
        published.publish();
    }

    private MutationOutcome<K, V> store(K key, V loaded, boolean replaceExisting) {
        MutationOutcome<K, V> stored = mutations.writeLoaded(key, loaded, replaceExisting);
        context.statistics().recordPuts(stored.isWritten() ? 1 : 0);
        return stored;
    }
}
