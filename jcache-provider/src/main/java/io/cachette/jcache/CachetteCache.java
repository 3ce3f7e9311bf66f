package io.cachette.jcache;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.jcache.copy.Copier;
import io.cachette.jcache.internal.event.CachetteEntryEvent;
import io.cachette.jcache.internal.event.EventDispatcher;
import io.cachette.jcache.internal.expiry.ExpiryCalculator;
import io.cachette.jcache.internal.integration.CacheLoaderAdapter;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.management.CacheConfigurationBean;
import io.cachette.jcache.internal.management.MBeans;
import io.cachette.jcache.internal.processor.ProcessorResult;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;

/**
 * A JCache {@link Cache} over a {@link Store}: the one place where the JSR-107 rules live — expiry, read- and
 * write-through, entry events, statistics and store-by-value copies — so that stores only store.
 *
 * <p>The read path is built for speed: a {@code get} of an eternal entry in a cache without statistics,
 * access expiry or read-through is a store lookup plus a copy of the value (none for immutable JDK types),
 * with no lock and no allocation of its own. Every feature flag is fixed when the cache is created, except
 * statistics, which are one volatile read.
 *
 * <p>Atomic operations run through {@link Store#compute}; the writer is called inside the mutation, so that a
 * writer failure leaves the entry unchanged (and only once, should a remote store run the mutation again).
 * Synchronous listeners run after the store changed, before the operation returns; asynchronous listeners
 * are handed their events from inside the mutation of a local store, so the events of one key keep the order
 * of its changes. {@code put} and {@code putAll} skip the read of the entries they replace ({@link Store#put},
 * one round trip to memcached instead of two) when nothing depends on them: no listener, no writer, and an
 * expiry policy that gives creations and updates the same expiry time.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CachetteCache<K, V> implements Cache<K, V> {

    private final String name;
    private final CachetteCacheManager manager;
    private final CachetteConfiguration<K, V> configuration;
    private final Store<K, V> store;
    private final Clock clock;
    private final ExpiryCalculator expiry;
    private final boolean accessExpiry;
    private final Copier copier;
    private final ClassLoader classLoader;
    private final CacheLoaderAdapter<K, V> loader;
    private final boolean readThrough;
    private final CacheWriterAdapter<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final StatisticsRecorder statistics = new StatisticsRecorder();
    private final CacheConfigurationBean configurationBean;
    private final Executor executor;
    /** Whether the store runs each mutation once (a local store), so events may leave from inside it. */
    private final boolean asyncInsideMutation;
    /**
     * Whether {@link #put} and {@link #putAll} may skip reading the entries they replace when no listener is
     * registered: the expiry policy gives creations and updates the same expiry time, and there is no writer
     * (its calls must stay in the order of the store's changes of a key, which only the atomic path keeps).
     */
    private final boolean blindPuts;
    private final ObjectName configurationName;
    private final ObjectName statisticsName;
    private volatile boolean closed;

    /**
     * @param configuration the cache's own resolved configuration (not shared with the caller)
     * @param storeFactory  builds the store, given the listener of the store's own evictions and expiries
     * @param copyValues    whether this layer copies keys and values (store-by-value over a store that keeps
     *                      objects)
     */
    @SuppressWarnings("unchecked")
    CachetteCache(CachetteCacheManager manager, String name, CachetteConfiguration<K, V> configuration,
                  Function<io.cachette.store.StoreListener, Store<K, V>> storeFactory, Clock clock,
                  Executor executor, boolean copyValues) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.clock = clock;
        this.executor = executor;
        this.classLoader = manager.getClassLoader();
        ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
        this.expiry = new ExpiryCalculator(policy);
        this.accessExpiry = expiry.accessMatters();
        this.copier = copyValues ? configuration.getCopierFactory().create() : null;
        this.loader = configuration.getCacheLoaderFactory() == null ? null
                : new CacheLoaderAdapter<>(name, (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create());
        this.readThrough = configuration.isReadThrough() && loader != null;
        this.writer = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                ? new CacheWriterAdapter<>(name, (CacheWriter<K, V>) configuration.getCacheWriterFactory().create())
                : null;
        this.blindPuts = expiry.writeIgnoresCurrent() && writer == null;
        this.events = new EventDispatcher<>(executor);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            events.register(listener);
        }
        String uri = manager.getURI().toString();
        this.configurationName = MBeans.objectName(MBeans.Type.CacheConfiguration, uri, name);
        this.statisticsName = MBeans.objectName(MBeans.Type.CacheStatistics, uri, name);
        this.configurationBean = new CacheConfigurationBean(() -> this.configuration);
        this.store = storeFactory.apply(new StoreEvents());
        this.asyncInsideMutation = !store.capabilities().sharedAcrossJvms();
        setStatisticsEnabled(configuration.isStatisticsEnabled());
        setManagementEnabled(configuration.isManagementEnabled());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        if (statistics.isEnabled()) {
            return getWithStatistics(key);
        }
        StoreEntry<V> entry = store.get(key);
        V value;
        if (entry != null) {
            value = entry.value();
            if (accessExpiry) {
                touch(key, entry);
            }
        } else if (readThrough) {
            return loadOnMiss(key);
        } else {
            return null;
        }
        return copier == null ? value : copier.copy(value, classLoader);
    }

    private V getWithStatistics(K key) {
        long start = statistics.start();
        StoreEntry<V> entry = store.get(key);
        V value;
        if (entry != null) {
            statistics.recordHit();
            value = copyOut(entry.value());
            if (accessExpiry) {
                touch(key, entry);
            }
        } else {
            statistics.recordMiss();
            value = readThrough ? loadOnMiss(key) : null;
        }
        statistics.recordGetTime(start);
        return value;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNullKeys(keys);
        long start = statistics.start();
        Map<K, StoreEntry<V>> found = store.getAll(keys);
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (K key : keys) {
            StoreEntry<V> entry = found.get(key);
            if (entry == null) {
                missing.add(key);
            } else {
                result.put(key, copyOut(entry.value()));
                if (accessExpiry) {
                    touch(key, entry);
                }
            }
        }
        statistics.recordLookups(result.size(), missing.size());
        if (readThrough && !missing.isEmpty()) {
            Map<K, V> loaded = loader.loadAll(missing);
            List<CachetteEntryEvent<K, V>> published = new ArrayList<>();
            for (Map.Entry<K, V> entry : loaded.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    storeLoaded(entry.getKey(), entry.getValue(), false, published);
                    result.put(entry.getKey(), entry.getValue());
                }
            }
            publish(published);
        }
        statistics.recordGetTime(start);
        return result;
    }

    @Override
    public boolean containsKey(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return store.get(key) != null;
    }

    /**
     * The mutation that applies the access expiry to an entry that a conditional operation read but did not
     * change ({@code null}: nothing to do).
     */
    private StoreMutation<V> accessed(StoreEntry<V> current) {
        if (current == null || !accessExpiry) {
            return StoreMutation.keep();
        }
        long at = expiry.onAccess(clock.millis(), current.expiresAtMillis());
        if (at == current.expiresAtMillis()) {
            return StoreMutation.keep();
        }
        return at == ExpiryCalculator.EXPIRED ? StoreMutation.remove() : StoreMutation.write(current.value(), at);
    }

    /** Applies the access expiry of the policy to an entry just read. */
    private void touch(K key, StoreEntry<V> entry) {
        long at = expiry.onAccess(clock.millis(), entry.expiresAtMillis());
        if (at == entry.expiresAtMillis()) {
            return;
        }
        StoreMutation<V> mutation = at == ExpiryCalculator.EXPIRED
                ? StoreMutation.remove() : StoreMutation.write(entry.value(), at);
        store.compute(key, current -> sameEntry(current, entry) ? mutation : StoreMutation.keep());
    }

    /**
     * Whether the store still holds the entry that was read: the same instance for a local store; for a remote
     * store, which hands out fresh copies, the same expiry time and an equal value.
     */
    private static <V> boolean sameEntry(StoreEntry<V> current, StoreEntry<V> read) {
        return current == read || (current != null && current.expiresAtMillis() == read.expiresAtMillis()
                && current.value().equals(read.value()));
    }

    // ---------------------------------------------------------------- loading

    private V loadOnMiss(K key) {
        V loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        List<CachetteEntryEvent<K, V>> published = new ArrayList<>(1);
        storeLoaded(key, loaded, false, published);
        publish(published);
        return loaded;
    }

    /** Read-through for an entry processor's {@code getValue()}: loads without storing. */
    V loadForInvoke(K key) {
        return readThrough ? loader.load(key) : null;
    }

    /** Stores a loaded value (no writer call): creates the entry, or replaces it when asked to. */
    private void storeLoaded(K key, V loaded, boolean replaceExisting, List<CachetteEntryEvent<K, V>> published) {
        K storedKey = copyIn(key);
        V stored = copyIn(loaded);
        Change change = new Change();
        store.compute(storedKey, change.around(key, loaded, current -> {
            long now = clock.millis();
            if (current != null && !replaceExisting) {
                return StoreMutation.keep();
            }
            long at = current == null ? expiry.onCreation(now) : expiry.onUpdate(now, current.expiresAtMillis());
            if (at == ExpiryCalculator.EXPIRED) {
                change.expired = current != null;
                return current == null ? StoreMutation.keep() : StoreMutation.remove();
            }
            change.written = true;
            return StoreMutation.write(stored, at);
        }));
        statistics.recordPuts(change.written ? 1 : 0);
        change.addEventTo(published);
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        requireOpen();
        requireNoNullKeys(keys);
        if (loader == null) {
            if (listener != null) {
                listener.onCompletion();
            }
            return;
        }
        executor.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : keys) {
                    if (replaceExistingValues || store.get(key) == null) {
                        toLoad.add(key);
                    }
                }
                if (!toLoad.isEmpty()) {
                    Map<K, V> loaded = loader.loadAll(toLoad);
                    List<CachetteEntryEvent<K, V>> published = new ArrayList<>();
                    for (Map.Entry<K, V> entry : loaded.entrySet()) {
                        if (entry.getKey() != null && entry.getValue() != null) {
                            storeLoaded(entry.getKey(), entry.getValue(), replaceExistingValues, published);
                        }
                    }
                    publish(published);
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

    // ---------------------------------------------------------------- writes

    @Override
    public void put(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = statistics.start();
        if (blindPuts && !events.hasListeners() && putBlindly(key, value)) {
            statistics.recordPuts(1, start);
            return;
        }
        Change change = write(key, value, null);
        statistics.recordPuts(change.written ? 1 : 0, start);
        change.publish();
    }

    /**
     * A put that does not read the entry it replaces ({@link Store#put}: one round trip to a remote store instead
     * of a compare-and-set read and write), for when nothing depends on that entry: no listener wants a CREATED
     * or UPDATED event, the expiry time is the same for a creation and an update, and no writer must be told in
     * the store's per-key order. Statistics count a put either way.
     *
     * @return {@code false}, having done nothing, when the policy expires the entry at once: the atomic path then
     *         decides between not storing and removing
     */
    private boolean putBlindly(K key, V value) {
        long at = expiry.onCreation(clock.millis());
        if (at == ExpiryCalculator.EXPIRED) {
            return false;
        }
        store.put(copyIn(key), copyIn(value), at);
        return true;
    }

    @Override
    public V getAndPut(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = statistics.start();
        Change change = write(key, value, null);
        statistics.recordReadAndWrite(change.old != null, change.written, start);
        change.publish();
        return change.old == null ? null : copyOut(change.old.value());
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = statistics.start();
        Change change = write(key, value, current -> current == null);
        statistics.recordConditionalPut(change.old != null, change.written, start);
        change.publish();
        return change.applied;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        long start = statistics.start();
        Change change = write(key, newValue, current -> current != null && current.value().equals(oldValue),
                true);
        statistics.recordReadAndWrite(change.old != null, change.written, start);
        change.publish();
        return change.applied;
    }

    @Override
    public boolean replace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = statistics.start();
        Change change = write(key, value, Objects::nonNull);
        statistics.recordReadAndWrite(change.old != null, change.written, start);
        change.publish();
        return change.applied;
    }

    @Override
    public V getAndReplace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long start = statistics.start();
        Change change = write(key, value, Objects::nonNull);
        statistics.recordReadAndWrite(change.old != null, change.written, start);
        change.publish();
        return change.old == null ? null : copyOut(change.old.value());
    }

    /**
     * Writes {@code value} if {@code condition} holds for the current entry ({@code null}: always), calling
     * the writer first so that its failure leaves the entry as it was.
     */
    private Change write(K key, V value, java.util.function.Predicate<StoreEntry<V>> condition) {
        return write(key, value, condition, false);
    }

    /** As {@link #write(Object, Object, java.util.function.Predicate)}; a rejected entry counts as accessed. */
    private Change write(K key, V value, java.util.function.Predicate<StoreEntry<V>> condition,
                            boolean rejectionIsAccess) {
        K storedKey = copyIn(key);
        V stored = copyIn(value);
        Change change = new Change();
        store.compute(storedKey, change.around(key, value, current -> {
            if (condition != null && !condition.test(current)) {
                return rejectionIsAccess ? accessed(current) : StoreMutation.keep();
            }
            change.applied = true;
            if (writer != null && !change.writerCalled) {
                // a remote store may run this mutation again after a conflict: tell the writer once
                writer.write(key, value);
                change.writerCalled = true;
            }
            long now = clock.millis();
            long at = current == null ? expiry.onCreation(now) : expiry.onUpdate(now, current.expiresAtMillis());
            if (at == ExpiryCalculator.EXPIRED) {
                change.expired = current != null;
                return current == null ? StoreMutation.keep() : StoreMutation.remove();
            }
            change.written = true;
            return StoreMutation.write(stored, at);
        }));
        return change;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        requireOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            Objects.requireNonNull(entry.getKey(), "key");
            Objects.requireNonNull(entry.getValue(), "value");
        }
        long start = statistics.start();
        if (blindPuts && !events.hasListeners() && putAllBlindly(map)) {
            statistics.recordPuts(map.size(), start);
            return;
        }
        Map<K, V> copies = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            copies.put(entry.getKey(), copyIn(entry.getValue()));
        }
        CacheWriterAdapter.Batch<K> batch = writer == null ? null : writer.writeAll(map);
        Set<K> failed = batch == null ? Set.of() : batch.failedKeys();
        List<CachetteEntryEvent<K, V>> published = new ArrayList<>();
        long puts = 0;
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            K key = entry.getKey();
            if (failed.contains(key)) {
                continue;
            }
            V stored = copies.get(key);
            Change change = new Change();
            store.compute(copyIn(key), change.around(key, entry.getValue(), current -> {
                long now = clock.millis();
                long at = current == null ? expiry.onCreation(now)
                        : expiry.onUpdate(now, current.expiresAtMillis());
                if (at == ExpiryCalculator.EXPIRED) {
                    change.expired = current != null;
                    return current == null ? StoreMutation.keep() : StoreMutation.remove();
                }
                change.written = true;
                return StoreMutation.write(stored, at);
            }));
            if (change.written) {
                puts++;
            }
            change.addEventTo(published);
        }
        statistics.recordPuts(puts, start);
        publish(published);
        if (batch != null) {
            batch.rethrow();
        }
    }

    /**
     * {@link #putAll} as one {@link Store#putAll} (a remote store pipelines it) when nothing depends on the
     * entries replaced: the conditions of {@link #putBlindly}.
     */
    private boolean putAllBlindly(Map<? extends K, ? extends V> map) {
        long at = expiry.onCreation(clock.millis());
        if (at == ExpiryCalculator.EXPIRED) {
            return false;
        }
        Map<K, V> copies = new LinkedHashMap<>();
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            copies.put(copyIn(entry.getKey()), copyIn(entry.getValue()));
        }
        store.putAll(copies, at);
        return true;
    }

    // ---------------------------------------------------------------- removals

    @Override
    public boolean remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        Change change = delete(key, null);
        statistics.recordRemovals(change.removed ? 1 : 0, start);
        change.publish();
        return change.removed;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = statistics.start();
        Change change = delete(key, current -> current.value().equals(oldValue));
        statistics.recordReadAndRemove(change.old != null, change.removed, start);
        change.publish();
        return change.removed;
    }

    @Override
    public V getAndRemove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = statistics.start();
        Change change = delete(key, null);
        statistics.recordReadAndRemove(change.old != null, change.removed, start);
        change.publish();
        return change.old == null ? null : copyOut(change.old.value());
    }

    /**
     * Removes the entry of {@code key} if {@code condition} holds for it ({@code null}: unconditionally, and
     * the writer is told even when there is no entry).
     */
    private Change delete(K key, java.util.function.Predicate<StoreEntry<V>> condition) {
        Change change = new Change();
        store.compute(key, change.around(key, null, current -> {
            if (condition != null && (current == null || !condition.test(current))) {
                return accessed(current);
            }
            if (writer != null && !change.writerCalled) {
                writer.delete(key);
                change.writerCalled = true;
            }
            change.removed = current != null;
            return current == null ? StoreMutation.keep() : StoreMutation.remove();
        }));
        return change;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNullKeys(keys);
        removeKeys(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        requireOpen();
        List<K> keys = new ArrayList<>();
        store.keys().forEachRemaining(keys::add);
        removeKeys(keys);
    }

    private void removeKeys(List<K> keys) {
        long start = statistics.start();
        CacheWriterAdapter.Batch<K> batch = writer == null ? null : writer.deleteAll(keys);
        Set<K> failed = batch == null ? Set.of() : batch.failedKeys();
        List<CachetteEntryEvent<K, V>> published = new ArrayList<>();
        long removals = 0;
        for (K key : keys) {
            if (failed.contains(key)) {
                continue;
            }
            Change change = new Change();
            store.compute(key, change.around(key, null, current -> {
                change.removed = current != null;
                return current == null ? StoreMutation.keep() : StoreMutation.remove();
            }));
            if (change.removed) {
                removals++;
            }
            change.addEventTo(published);
        }
        statistics.recordRemovals(removals, start);
        publish(published);
        if (batch != null) {
            batch.rethrow();
        }
    }

    @Override
    public void clear() {
        requireOpen();
        store.clear();
    }

    // ---------------------------------------------------------------- entry processors

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(processor, "processor");
        return invokeOne(key, processor, arguments);
    }

    private <T> T invokeOne(K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
        K storedKey = copyIn(key);
        Object[] result = new Object[1];
        @SuppressWarnings("unchecked")
        InvokeEntry<K, V>[] last = new InvokeEntry[1];
        Change change = new Change();
        try {
            store.compute(storedKey, current -> {
                change.reset(current);
                InvokeEntry<K, V> entry = new InvokeEntry<>(this, key, current);
                last[0] = entry;
                result[0] = processor.process(entry, arguments);
                return change.emit(key, entry.value, apply(key, entry, change));
            });
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException(e);
        }
        InvokeEntry<K, V> entry = last[0];
        statistics.recordInvoke(entry.original != null, change.written, change.removed);
        change.publish();
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** The store mutation that applies what an entry processor did, with writer calls and expiry. */
    private StoreMutation<V> apply(K key, InvokeEntry<K, V> entry, Change change) {
        StoreEntry<V> current = entry.original;
        long now = clock.millis();
        switch (entry.op) {
            case NONE:
                return StoreMutation.keep();
            case ACCESS: {
                long at = expiry.onAccess(now, current.expiresAtMillis());
                if (at == current.expiresAtMillis()) {
                    return StoreMutation.keep();
                }
                return at == ExpiryCalculator.EXPIRED
                        ? StoreMutation.remove() : StoreMutation.write(current.value(), at);
            }
            case CREATE:
            case LOAD: {
                if (entry.op == InvokeEntry.Op.CREATE && writer != null) {
                    writer.write(key, entry.value);
                }
                long at = expiry.onCreation(now);
                if (at == ExpiryCalculator.EXPIRED) {
                    return StoreMutation.keep();
                }
                change.written = true;
                return StoreMutation.write(copyIn(entry.value), at);
            }
            case UPDATE: {
                if (writer != null) {
                    writer.write(key, entry.value);
                }
                long at = expiry.onUpdate(now, current.expiresAtMillis());
                if (at == ExpiryCalculator.EXPIRED) {
                    change.expired = true;
                    return StoreMutation.remove();
                }
                change.written = true;
                return StoreMutation.write(copyIn(entry.value), at);
            }
            case REMOVE:
                if (writer != null) {
                    writer.delete(key);
                }
                change.removed = current != null;
                return current == null ? StoreMutation.keep() : StoreMutation.remove();
            default:
                throw new IllegalStateException("unknown operation " + entry.op);
        }
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        requireOpen();
        requireNoNullKeys(keys);
        Objects.requireNonNull(processor, "processor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T value = invokeOne(key, processor, arguments);
                if (value != null) {
                    results.put(key, ProcessorResult.success(value));
                }
            } catch (EntryProcessorException e) {
                results.put(key, ProcessorResult.failure(e));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- listeners

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            events.register(listenerConfiguration);
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            events.deregister(listenerConfiguration);
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    // ---------------------------------------------------------------- iteration

    @Override
    public Iterator<Entry<K, V>> iterator() {
        requireOpen();
        Iterator<K> keys = store.keys();
        return new Iterator<>() {
            private Entry<K, V> next;
            private K lastKey;

            @Override
            public boolean hasNext() {
                while (next == null && keys.hasNext()) {
                    K key = keys.next();
                    StoreEntry<V> entry = store.get(key);
                    if (entry != null) {
                        statistics.recordHit();
                        if (accessExpiry) {
                            touch(key, entry);
                        }
                        next = new CachetteCacheEntry<>(key, copyOut(entry.value()));
                    }
                }
                return next != null;
            }

            @Override
            public Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Entry<K, V> entry = next;
                next = null;
                lastKey = entry.getKey();
                return entry;
            }

            @Override
            public void remove() {
                if (lastKey == null) {
                    throw new IllegalStateException("next() was not called");
                }
                requireOpen();
                K key = lastKey;
                lastKey = null;
                long start = statistics.start();
                Change change = delete(key, null);
                statistics.recordRemovals(change.removed ? 1 : 0, start);
                change.publish();
            }
        };
    }

    // ---------------------------------------------------------------- identity and lifecycle

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
        Objects.requireNonNull(clazz, "clazz");
        CachetteConfiguration<K, V> snapshot;
        synchronized (configuration) {
            snapshot = new CachetteConfiguration<>(configuration);
        }
        if (clazz.isInstance(snapshot)) {
            return clazz.cast(snapshot);
        }
        throw new IllegalArgumentException("The configuration of cache " + name + " is a "
                + CachetteConfiguration.class.getName() + ", not a " + clazz.getName());
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        manager.release(this);
        closeResources();
    }

    /** Closes this cache without telling the manager (the manager is closing or destroying it). */
    void closeResources() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        MBeans.unregister(configurationName);
        MBeans.unregister(statisticsName);
        events.close();
        closeQuietly(loader == null ? null : loader.loader());
        closeQuietly(writer == null ? null : writer.writer());
        closeQuietly(expiry.policy());
        store.close();
    }

    /** Clears the store and closes this cache, for {@code destroyCache}. */
    void destroy() {
        if (!closed) {
            store.clear();
        }
        closeResources();
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        Objects.requireNonNull(clazz, "clazz");
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        if (clazz.isInstance(store)) {
            return clazz.cast(store);
        }
        throw new IllegalArgumentException("Cannot unwrap cache " + name + " to " + clazz.getName());
    }

    // ---------------------------------------------------------------- management

    void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
            statistics.setEnabled(enabled);
            if (enabled) {
                MBeans.register(statistics.mxBean(), statisticsName);
            } else {
                MBeans.unregister(statisticsName);
            }
        }
    }

    void setManagementEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setManagementEnabled(enabled);
            if (enabled) {
                MBeans.register(configurationBean, configurationName);
            } else {
                MBeans.unregister(configurationName);
            }
        }
    }

    /** The statistics of this cache (recorded only while statistics are enabled). */
    public CacheStatisticsMXBean statistics() {
        return statistics.mxBean();
    }

    // ---------------------------------------------------------------- helpers

    V copyOut(V value) {
        return copier == null ? value : copier.copy(value, classLoader);
    }

    private <T> T copyIn(T object) {
        return copier == null ? object : copier.copy(object, classLoader);
    }

    /**
     * Publishes events after their operation: to the synchronous listeners only when the asynchronous ones
     * already had them from inside the store mutation.
     */
    private void publish(List<CachetteEntryEvent<K, V>> published) {
        if (published.isEmpty()) {
            return;
        }
        if (asyncInsideMutation) {
            events.publishSynchronous(published);
        } else {
            events.publish(published);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Cache " + name + " is closed");
        }
    }

    private static void requireNoNullKeys(Collection<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "keys must not contain null");
        }
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(CachetteCache.class.getName()).log(System.Logger.Level.WARNING,
                        "Closing " + resource + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "CachetteCache{" + name + " in " + manager.getURI() + "}";
    }

    /**
     * What one atomic operation found and did, captured from inside {@link Store#compute}, and the entry event
     * it produced. Asynchronous listeners get the event from inside the mutation, under the store's per-key
     * order, so that the events of one key reach them in the order of the changes.
     */
    private final class Change {
        StoreEntry<V> old;
        boolean applied;
        boolean written;
        boolean removed;
        boolean expired;
        /** Survives {@link #reset}: the writer was already told in an earlier run of the mutation. */
        boolean writerCalled;
        CachetteEntryEvent<K, V> event;

        void reset(StoreEntry<V> current) {
            old = current;
            applied = false;
            written = false;
            removed = false;
            expired = false;
            event = null;
        }

        V oldValue() {
            return old == null ? null : old.value();
        }

        /** {@code body} wrapped so that this change is reset before it and its event emitted after it. */
        StoreMutation.Function<V> around(K key, V value, StoreMutation.Function<V> body) {
            return current -> {
                reset(current);
                return emit(key, value, body.apply(current));
            };
        }

        /** Builds the event of the decided change and hands it to the asynchronous listeners. */
        StoreMutation<V> emit(K key, V value, StoreMutation<V> mutation) {
            if (!events.hasListeners()) {
                return mutation;
            }
            if (written) {
                event = new CachetteEntryEvent<>(CachetteCache.this, old == null ? EventType.CREATED
                        : EventType.UPDATED, key, value, oldValue());
            } else if (removed) {
                event = new CachetteEntryEvent<>(CachetteCache.this, EventType.REMOVED, key, oldValue(), oldValue());
            } else if (expired) {
                event = new CachetteEntryEvent<>(CachetteCache.this, EventType.EXPIRED, key, oldValue(), oldValue());
            }
            if (event != null && asyncInsideMutation) {
                events.publishAsynchronous(List.of(event));
            }
            return mutation;
        }

        void addEventTo(List<CachetteEntryEvent<K, V>> published) {
            if (event != null) {
                published.add(event);
            }
        }

        /** Publishes the event of a single-entry operation once the store changed. */
        void publish() {
            if (event != null) {
                CachetteCache.this.publish(List.of(event));
            }
        }
    }

    /** Turns the store's own evictions and expiries into statistics and {@code EXPIRED} events. */
    private final class StoreEvents implements io.cachette.store.StoreListener {
        @Override
        public void evicted(Object key, Object value) {
            statistics.recordEviction();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void expired(Object key, Object value) {
            if (events.hasListeners(EventType.EXPIRED)) {
                try {
                    events.publish(CachetteCache.this, EventType.EXPIRED, (K) key, (V) value, (V) value);
                } catch (RuntimeException e) {
                    System.getLogger(CachetteCache.class.getName()).log(System.Logger.Level.WARNING,
                            "Expiry listener of cache " + name + " failed", e);
                }
            }
        }
    }
}
