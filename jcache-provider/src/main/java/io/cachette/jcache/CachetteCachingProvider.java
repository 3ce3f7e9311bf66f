package io.cachette.jcache;

import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * Cachette's JCache {@link CachingProvider}, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. It keeps one {@link CachetteCacheManager} per
 * URI and class loader. The default URI is {@code cachette:local}, or the system property
 * {@code cachette.default-uri}.
 */
public final class CachetteCachingProvider implements CachingProvider {

    /** The default cache manager URI: the local heap store. */
    public static final URI DEFAULT_URI = URI.create("cachette:local");

    private final Map<ClassLoader, Map<URI, CachetteCacheManager>> managers = new WeakHashMap<>();

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        synchronized (managers) {
            Map<URI, CachetteCacheManager> byUri = managers.computeIfAbsent(loader, key -> new HashMap<>());
            CachetteCacheManager manager = byUri.get(managerUri);
            if (manager == null || manager.isClosed()) {
                manager = new CachetteCacheManager(this, managerUri, loader,
                        properties == null ? getDefaultProperties() : properties, this::release);
                byUri.put(managerUri, manager);
            }
            return manager;
        }
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
    }

    private void release(CachetteCacheManager manager) {
        synchronized (managers) {
            Map<URI, CachetteCacheManager> byUri = managers.get(manager.getClassLoader());
            if (byUri != null) {
                byUri.remove(manager.getURI(), manager);
                if (byUri.isEmpty()) {
                    managers.remove(manager.getClassLoader());
                }
            }
        }
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        return getClass().getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        String configured = System.getProperty(SettingsParser.DEFAULT_URI);
        return configured == null || configured.isBlank()
                ? DEFAULT_URI : SettingsParser.parseUri(SettingsParser.DEFAULT_URI, configured);
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public void close() {
        List<CachetteCacheManager> all = new ArrayList<>();
        synchronized (managers) {
            managers.values().forEach(byUri -> all.addAll(byUri.values()));
        }
        all.forEach(CachetteCacheManager::close);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        List<CachetteCacheManager> all = new ArrayList<>();
        synchronized (managers) {
            Map<URI, CachetteCacheManager> byUri = managers.get(loader);
            if (byUri != null) {
                all.addAll(byUri.values());
            }
        }
        all.forEach(CachetteCacheManager::close);
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        CachetteCacheManager manager;
        synchronized (managers) {
            Map<URI, CachetteCacheManager> byUri = managers.get(loader);
            manager = byUri == null ? null : byUri.get(managerUri);
        }
        if (manager != null) {
            manager.close();
        }
    }

    /**
     * Store-by-reference is supported when the default URI selects the local heap store; a backend found by
     * URI scheme (memcached) copies values by itself and cannot offer it.
     */
    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        if (optionalFeature != OptionalFeature.STORE_BY_REFERENCE) {
            return false;
        }
        String scheme = getDefaultURI().getScheme();
        return !CachetteCacheManager.storeFactories(getDefaultClassLoader()).containsKey(scheme);
    }
}
