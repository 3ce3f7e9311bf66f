package io.cachette.jcache;

import io.cachette.jcache.configuration.CacheSettings;
import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.jcache.configuration.CachetteSettings;
import io.cachette.jcache.configuration.SettingsParser;
import io.cachette.store.ConsistentReads;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreFactory;
import io.cachette.store.local.LocalStoreBackend;

import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * A JCache {@link CacheManager}: one per URI and class loader. It resolves its {@code cachette.*} settings
 * once ({@link SettingsParser}), opens its {@link StoreBackend} on first use, and owns its caches.
 *
 * <p>The backend: a URI whose scheme has a {@link StoreFactory} on the class path (e.g. {@code memcached:}),
 * or {@code cachette.backend} naming one, gets that factory's backend; anything else gets the local heap
 * store, {@link LocalStoreBackend}.
 */
public final class CachetteCacheManager implements CacheManager {

    private static final System.Logger LOG = System.getLogger(CachetteCacheManager.class.getName());
    private static final AtomicBoolean BY_REFERENCE_FALLBACK_LOGGED = new AtomicBoolean();

    private final CachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final Consumer<CachetteCacheManager> onClose;
    private final Clock clock;
    private final CachetteSettings settings;
    private final Function<CachetteSettings, StoreBackend> backendOpener;
    private final ConcurrentHashMap<String, CachetteCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final List<Consumer<? super Cache<?, ?>>> cacheListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private StoreBackend backend;
    private volatile boolean closed;

    /**
     * A cache manager with the system clock, for {@link CachetteCachingProvider}.
     *
     * @param onClose told when this manager closes, so the provider forgets it
     */
    CachetteCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
                                Consumer<CachetteCacheManager> onClose) {
        this(provider, uri, classLoader, properties, onClose, Clock.systemUTC(), null);
    }

    /**
     * @param backendOpener opens the backend from the settings; {@code null} selects it by URI and settings
     */
    CachetteCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
                         Consumer<CachetteCacheManager> onClose, Clock clock,
                         Function<CachetteSettings, StoreBackend> backendOpener) {
        this.provider = provider;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        this.properties = properties == null ? new Properties() : properties;
        this.onClose = onClose;
        this.clock = clock;
        Map<String, StoreFactory> factories = storeFactories(classLoader);
        this.settings = new SettingsParser(factories.keySet())
                .parse(uri, this.properties, System.getProperties(), classLoader);
        this.backendOpener = backendOpener != null ? backendOpener : resolved -> openBackend(factories, resolved);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cachette-" + uri + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The resolved settings of this manager. */
    public CachetteSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- caches

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        synchronized (caches) {
            if (caches.containsKey(cacheName)) {
                throw new CacheException("Cache " + cacheName + " already exists in cache manager " + uri);
            }
            CachetteCache<K, V> cache = newCache(cacheName, configuration);
            caches.put(cacheName, cache);
            created(cache);
            return cache;
        }
    }

    /**
     * Tells {@code listener} of every cache this manager creates from now on ({@code createCache}, or a declared
     * cache on its first {@code getCache}), right after it was created and before it is handed out; for binders
     * of metrics that must also see caches created later. It runs on the creating thread and must not create or
     * destroy caches of this manager.
     *
     * @return closing it stops the calls
     */
    public AutoCloseable onCacheCreated(Consumer<? super Cache<?, ?>> listener) {
        Objects.requireNonNull(listener, "listener");
        cacheListeners.add(listener);
        return () -> cacheListeners.remove(listener);
    }

    private void created(Cache<?, ?> cache) {
        for (Consumer<? super Cache<?, ?>> listener : cacheListeners) {
            try {
                listener.accept(cache);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A listener of new caches failed on " + cache.getName(), e);
            }
        }
    }

    private <K, V> CachetteCache<K, V> newCache(String cacheName, Configuration<K, V> requested) {
        CachetteConfiguration<K, V> configuration = new CachetteConfiguration<>(requested);
        CacheSettings cacheSettings = configuration.toCacheSettings().over(settings.forCache(cacheName));
        if (cacheSettings.expirySeconds() != null && isEternalDefault(configuration)) {
            configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
                    new Duration(java.util.concurrent.TimeUnit.SECONDS, cacheSettings.expirySeconds())));
        }
        if (Boolean.TRUE.equals(cacheSettings.statistics())) {
            configuration.setStatisticsEnabled(true);
        }
        if (Boolean.TRUE.equals(cacheSettings.management())) {
            configuration.setManagementEnabled(true);
        }
        StoreBackend storeBackend = backend();
        boolean copyValues = configuration.isStoreByValue();
        if (storeBackend.capabilities().copiesValues()) {
            copyValues = false;
            if (!configuration.isStoreByValue()) {
                // the configuration keeps what was asked for (the TCK checks createCache reflects it); the
                // store serializes every value all the same
                if (BY_REFERENCE_FALLBACK_LOGGED.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "The backend of " + uri + " copies values by itself:"
                            + " store-by-reference is not offered, caches store by value");
                }
            }
        }
        long maxEntries = cacheSettings.maxEntries() == null ? StoreContext.UNBOUNDED : cacheSettings.maxEntries();
        long maxBytes = cacheSettings.maxBytes() == null ? StoreContext.UNBOUNDED : cacheSettings.maxBytes();
        Map<String, String> storeSettings = settings.all();
        if (!configuration.getStoreDefaults().isEmpty()) {
            storeSettings = new HashMap<>(storeSettings);
            for (Map.Entry<String, String> setting : configuration.getStoreDefaults().entrySet()) {
                storeSettings.putIfAbsent(SettingsParser.CACHE_PREFIX + cacheName + "." + setting.getKey(),
                        setting.getValue());
            }
        }
        Map<String, String> contextSettings = storeSettings;
        boolean byReference = !configuration.isStoreByValue();
        return new CachetteCache<>(this, cacheName, configuration,
                listener -> storeBackend.createStore(new StoreContext(cacheName, contextSettings, classLoader,
                        clock, listener, maxEntries, maxBytes, byReference)),
                clock, executor, copyValues);
    }

    private static boolean isEternalDefault(CompleteConfiguration<?, ?> configuration) {
        return configuration.getExpiryPolicyFactory() == null
                || configuration.getExpiryPolicyFactory().create() instanceof EternalExpiryPolicy;
    }

    @Override
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        requireOpen();
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Cache<K, V> cache = getCache(cacheName);
        if (cache == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        CompleteConfiguration<K, V> configuration = cache.getConfiguration(CompleteConfiguration.class);
        if (!configuration.getKeyType().equals(keyType)) {
            throw new ClassCastException("Cache " + cacheName + " has key type "
                    + configuration.getKeyType().getName() + ", not " + keyType.getName());
        }
        if (!configuration.getValueType().equals(valueType)) {
            throw new ClassCastException("Cache " + cacheName + " has value type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        return cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        CachetteCache<?, ?> cache = caches.get(cacheName);
        if (cache == null && settings.declaredCaches().contains(cacheName)) {
            synchronized (caches) {
                cache = caches.get(cacheName);
                if (cache == null) {
                    cache = newCache(cacheName, new MutableConfiguration<>());
                    caches.put(cacheName, cache);
                    created(cache);
                }
            }
        }
        return (Cache<K, V>) cache;
    }

    @Override
    public Iterable<String> getCacheNames() {
        requireOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        CachetteCache<?, ?> cache;
        synchronized (caches) {
            cache = caches.remove(cacheName);
        }
        if (cache != null) {
            cache.destroy();
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        CachetteCache<?, ?> cache = openCache(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        CachetteCache<?, ?> cache = openCache(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    /** The cache of that name this open manager holds, or {@code null}; for the enable switches. */
    private CachetteCache<?, ?> openCache(String cacheName) {
        requireOpen();
        return caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    }

    /** Forgets a cache that closed itself. */
    void release(CachetteCache<?, ?> cache) {
        synchronized (caches) {
            caches.remove(cache.getName(), cache);
        }
    }

    // ---------------------------------------------------------------- backend

    private synchronized StoreBackend backend() {
        if (backend == null) {
            backend = backendOpener.apply(settings);
        }
        return backend;
    }

    private StoreBackend openBackend(Map<String, StoreFactory> factories, CachetteSettings resolved) {
        StoreFactory factory = factories.get(uri.getScheme());
        if (factory == null && resolved.backend() != null && !resolved.backend().equals(SettingsParser.LOCAL_BACKEND)) {
            factory = factories.get(resolved.backend());
        }
        if (factory != null) {
            return factory.open(uri, resolved.view(), classLoader);
        }
        return new LocalStoreBackend();
    }

    /** The installed store factories by URI scheme. */
    static Map<String, StoreFactory> storeFactories(ClassLoader classLoader) {
        Map<String, StoreFactory> factories = new HashMap<>();
        for (ClassLoader loader : new ClassLoader[] {CachetteCacheManager.class.getClassLoader(), classLoader}) {
            try {
                for (StoreFactory factory : ServiceLoader.load(StoreFactory.class, loader)) {
                    factories.putIfAbsent(factory.scheme(), factory);
                }
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "A store factory cannot be loaded", e);
            }
        }
        return factories;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (onClose != null) {
            onClose.accept(this);
        }
        synchronized (caches) {
            for (CachetteCache<?, ?> cache : caches.values()) {
                try {
                    cache.closeResources();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Closing cache " + cache.getName() + " failed", e);
                }
            }
            caches.clear();
        }
        synchronized (this) {
            if (backend != null) {
                backend.close();
            }
        }
        executor.shutdown();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        Objects.requireNonNull(clazz, "clazz");
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        if (clazz == ConsistentReads.class) {
            requireOpen();
            return clazz.cast(backend().consistentReads());
        }
        throw new IllegalArgumentException("Cannot unwrap cache manager " + uri + " to " + clazz.getName());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Cache manager " + uri + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CachetteCacheManager{" + uri + "}";
    }
}
