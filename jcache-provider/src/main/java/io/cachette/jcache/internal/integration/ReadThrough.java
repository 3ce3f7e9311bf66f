package io.cachette.jcache.internal.integration;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.EventBatch;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.write.Mutations;

import java.util.ArrayList;
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
 * @param <K> key type
 * @param <V> value type
 */
public final class ReadThrough<K, V> {

    private final CacheContext<K, V> context;
    private final CacheLoaderAdapter<K, V> loader;
    private final Mutations<K, V> mutations;
    private final Executor executor;

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

    /** Loads and stores the value of a missing {@code key}; returns it ({@code null} when the loader has none). */
    public V loadAndStore(K key) {
        V loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        store(key, loaded, false).publish();
        return loaded;
    }

    /** Loads and stores the {@code missing} keys of a {@code getAll}, adding the loaded values to {@code result}. */
    public void loadAndStoreAll(List<K> missing, Map<K, V> result) {
        storeAll(loader.loadAll(missing), false, result);
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
