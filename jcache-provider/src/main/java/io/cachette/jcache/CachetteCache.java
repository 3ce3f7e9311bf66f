package io.cachette.jcache;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.Closeables;
import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.event.EventDispatcher;
import io.cachette.jcache.internal.event.StoreEventBridge;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheLoaderAdapter;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.integration.ReadThrough;
import io.cachette.jcache.internal.iteration.CacheIterator;
import io.cachette.jcache.internal.management.CacheManagement;
import io.cachette.jcache.internal.processor.EntryProcessorInvoker;
import io.cachette.jcache.internal.read.Reads;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.jcache.internal.write.Mutations;
import io.cachette.jcache.internal.write.Removals;
import io.cachette.jcache.internal.write.Writes;
import io.cachette.store.HerdCounters;
import io.cachette.store.Store;
import io.cachette.store.StoreListener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} over a {@link Store}: the facade of the layer where the JSR-107 rules live once, so
 * that stores only store. Each method checks its arguments and hands the work to the class that owns the rule,
 * under {@code io.cachette.jcache.internal}: {@link Reads} (with read-through, {@link ReadThrough}),
 * {@link Writes} and {@link Removals} over {@link Mutations}, whose expiry {@link ExpiryDecision} decides,
 * {@link EntryProcessorInvoker}, {@link CacheIterator}, entry events ({@link CacheEvents}), statistics
 * ({@link StatisticsRecorder}) and MXBeans ({@link CacheManagement}).
 *
 * <p>Atomic operations run through {@link Store#compute}; the writer is called inside the mutation, so that a
 * writer failure leaves the entry unchanged (and only once, should a remote store run the mutation again).
 * Synchronous listeners run after the store changed, before the operation returns; asynchronous listeners are
 * handed their events from inside the mutation of a local store, so the events of one key keep the order of its
 * changes.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CachetteCache<K, V> implements Cache<K, V> {

    private static final System.Logger LOG = System.getLogger(CachetteCache.class.getName());

    private final String name;
    private final CachetteCacheManager manager;
    private final CachetteConfiguration<K, V> configuration;
    private final Store<K, V> store;
    private final ExpiryDecision expiry;
    private final CacheLoaderAdapter<K, V> loader;
    private final CacheWriterAdapter<K, V> writer;
    private final EventDispatcher<K, V> listeners;
    private final CacheManagement management;
    private final StatisticsRecorder statistics;
    /** Loading through the loader, {@code null} without one (whether or not the cache is read-through). */
    private final ReadThrough<K, V> loading;
    private final Reads<K, V> reads;
    private final Writes<K, V> writes;
    private final Removals<K, V> removals;
    private final EntryProcessorInvoker<K, V> processors;
    private final Runnable requireOpen = this::requireOpen;
    private volatile boolean closed;

    /**
     * @param configuration the cache's own resolved configuration (not shared with the caller)
     * @param storeFactory  builds the store, given the listener of the store's own evictions and expiries
     * @param copyValues    whether this layer copies keys and values (store-by-value over a store that keeps
     *                      objects)
     */
    @SuppressWarnings("unchecked")
    CachetteCache(CachetteCacheManager manager, String name, CachetteConfiguration<K, V> configuration,
                  Function<StoreListener, Store<K, V>> storeFactory, Clock clock,
                  Executor executor, boolean copyValues) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.expiry = new ExpiryDecision(configuration.getExpiryPolicyFactory().create(), clock);
        ByValue byValue = new ByValue(copyValues ? configuration.getCopierFactory().create() : null,
                manager.getClassLoader());
        this.loader = configuration.getCacheLoaderFactory() == null ? null
                : new CacheLoaderAdapter<>(name, (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create());
        this.writer = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                ? new CacheWriterAdapter<>(name, (CacheWriter<K, V>) configuration.getCacheWriterFactory().create())
                : null;
        this.listeners = new EventDispatcher<>(executor);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            listeners.register(listener);
        }
        StatisticsRecorder statistics = new StatisticsRecorder();
        this.statistics = statistics;
        this.management = new CacheManagement(manager.getURI().toString(), name, configuration, statistics,
                this::herdCounters);
        this.store = storeFactory.apply(new StoreEventBridge<>(this, listeners, statistics));
        CacheContext<K, V> context = new CacheContext<>(store, expiry, byValue, statistics,
                new CacheEvents<>(this, listeners, !store.capabilities().sharedAcrossJvms()), writer);
        Mutations<K, V> mutations = new Mutations<>(context);
        this.loading = loader == null ? null : new ReadThrough<>(context, loader, mutations, executor);
        ReadThrough<K, V> readThrough = configuration.isReadThrough() ? loading : null;
        this.reads = new Reads<>(context, readThrough);
        this.writes = new Writes<>(context, mutations);
        this.removals = new Removals<>(context, mutations);
        this.processors = new EntryProcessorInvoker<>(context, readThrough);
        setStatisticsEnabled(configuration.isStatisticsEnabled());
        setManagementEnabled(configuration.isManagementEnabled());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(K key) {
        return reads.get(checkedKey(key));
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNullKeys(keys);
        return reads.getAll(keys);
    }

    @Override
    public boolean containsKey(K key) {
        return store.get(checkedKey(key)) != null;
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
        requireOpen();
        requireNoNullKeys(keys);
        if (loading != null) {
            loading.loadAll(keys, replaceExistingValues, listener);
        } else if (listener != null) {
            listener.onCompletion();
        }
    }

    // ---------------------------------------------------------------- writes and removals

    @Override
    public void put(K key, V value) {
        writes.put(checkedKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public V getAndPut(K key, V value) {
        return writes.getAndPut(checkedKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        requireOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            Objects.requireNonNull(entry.getKey(), "key");
            Objects.requireNonNull(entry.getValue(), "value");
        }
        writes.putAll(map);
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        return writes.putIfAbsent(checkedKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean remove(K key) {
        return removals.remove(checkedKey(key));
    }

    @Override
    public boolean remove(K key, V oldValue) {
        return removals.remove(checkedKey(key), Objects.requireNonNull(oldValue, "oldValue"));
    }

    @Override
    public V getAndRemove(K key) {
        return removals.getAndRemove(checkedKey(key));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return writes.replace(checkedKey(key), Objects.requireNonNull(oldValue, "oldValue"),
                Objects.requireNonNull(newValue, "newValue"));
    }

    @Override
    public boolean replace(K key, V value) {
        return writes.replace(checkedKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public V getAndReplace(K key, V value) {
        return writes.getAndReplace(checkedKey(key), Objects.requireNonNull(value, "value"));
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireNoNullKeys(keys);
        removals.removeAll(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        requireOpen();
        List<K> keys = new ArrayList<>();
        store.keys().forEachRemaining(keys::add);
        removals.removeAll(keys);
    }

    @Override
    public void clear() {
        requireOpen();
        store.clear();
    }

    // ---------------------------------------------------------------- configuration and entry processors

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
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        return processors.invoke(checkedKey(key), Objects.requireNonNull(processor, "processor"), arguments);
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        requireOpen();
        requireNoNullKeys(keys);
        Objects.requireNonNull(processor, "processor");
        return processors.invokeAll(keys, processor, arguments);
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
        management.close();
        listeners.close();
        Closeables.closeQuietly(loader == null ? null : loader.loader(), LOG);
        Closeables.closeQuietly(writer == null ? null : writer.writer(), LOG);
        Closeables.closeQuietly(expiry.policy(), LOG);
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

    // ---------------------------------------------------------------- listeners and iteration

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            listeners.register(listenerConfiguration);
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            listeners.deregister(listenerConfiguration);
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    @Override
    public Iterator<Entry<K, V>> iterator() {
        requireOpen();
        return new CacheIterator<>(store.keys(), reads, removals, requireOpen);
    }

    // ---------------------------------------------------------------- management and argument checks

    /**
     * This cache's statistics: the very counters its {@code CacheStatistics} MXBean shows, read without the MBean
     * server (so under any cache manager URI, registered or not). They count only while statistics are enabled
     * ({@code setStatisticsEnabled}, {@code CacheManager.enableStatistics}, or the setting
     * {@code cachette.cache.<name>.statistics=true}); {@code clear()} on them resets them.
     */
    public CacheStatisticsMXBean statistics() {
        return statistics.mxBean();
    }

    /**
     * What herd control counted for this cache since it was created, whether statistics are on or not: the loads
     * of missing keys that one caller ran while the others waited (per JVM on the local store, across JVMs on
     * memcached), the waits, the waits that ran out, and stale values served while one caller refreshed them.
     * While statistics are enabled, JMX shows them too ({@link CacheHerdMXBean}).
     */
    public HerdCounters herdCounters() {
        return loading != null ? loading.herdCounters() : store.herdCounters();
    }

    /** Whether this cache's statistics are being recorded now. */
    public boolean isStatisticsEnabled() {
        return statistics.isEnabled();
    }

    /**
     * How many entries the store holds, as far as it knows without scanning: the local store's count (entries
     * expired but not yet swept included), {@code -1} for a store that cannot tell cheaply (memcached).
     */
    public long estimatedSize() {
        return store.estimatedSize();
    }

    void setStatisticsEnabled(boolean enabled) {
        management.setStatisticsEnabled(enabled);
    }

    void setManagementEnabled(boolean enabled) {
        management.setManagementEnabled(enabled);
    }

    @Override
    public String toString() {
        return "CachetteCache{" + name + " in " + manager.getURI() + "}";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Cache " + name + " is closed");
        }
    }

    /** {@code key}, checked non-null once this cache is checked open: the first check of every keyed operation. */
    private <T> T checkedKey(T key) {
        requireOpen();
        return Objects.requireNonNull(key, "key");
    }

    private static void requireNoNullKeys(Collection<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "keys must not contain null");
        }
    }
}
