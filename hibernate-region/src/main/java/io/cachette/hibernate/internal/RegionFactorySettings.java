package io.cachette.hibernate.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import javax.cache.CacheManager;

/**
 * The {@code hibernate.cache.cachette.*} settings of one region factory, parsed and checked once at start.
 *
 * @param cacheManager         a CacheManager supplied by the application (not closed by the factory), or
 *                             {@code null} to obtain one from the Cachette provider
 * @param uri                  the CacheManager URI, or {@code null} for the provider's default
 * @param managerProperties    properties for {@code getCacheManager}: the properties file, then the per-region
 *                             overrides as {@code cachette.cache.<qualified region>.<setting>}
 * @param regionOverrides      per-region settings: unqualified region name → (setting → value)
 * @param missingCacheStrategy what to do when a region's cache does not exist
 * @param missingTimestamp     how a table space without an update timestamp is read
 * @param lockTimeout          how long a soft lock protects an entry
 * @param failureLogInterval   at most one warning per this interval while the cache fails
 */
public record RegionFactorySettings(
        CacheManager cacheManager,
        URI uri,
        Properties managerProperties,
        Map<String, Map<String, String>> regionOverrides,
        MissingCacheStrategy missingCacheStrategy,
        MissingTimestampPolicy missingTimestamp,
        Duration lockTimeout,
        Duration failureLogInterval) {

    public static final String PREFIX = "hibernate.cache.cachette.";
    public static final String URI = PREFIX + "uri";
    public static final String PROPERTIES_FILE = PREFIX + "properties_file";
    public static final String CACHE_MANAGER = PREFIX + "cache_manager";
    public static final String MISSING_CACHE_STRATEGY = PREFIX + "missing_cache_strategy";
    public static final String REGION_PREFIX = PREFIX + "region.";
    public static final String MISSING_TIMESTAMP = PREFIX + "missing_timestamp";
    public static final String LOCK_TIMEOUT_MS = PREFIX + "lock_timeout_ms";
    public static final String FAILURE_LOG_INTERVAL_MS = PREFIX + "failure_log_interval_ms";

    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofSeconds(60);

    public RegionFactorySettings {
        regionOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(regionOverrides));
        Properties copy = new Properties();
        copy.putAll(managerProperties);
        managerProperties = copy;
    }

    /** The manager properties, as a fresh copy. */
    @Override
    public Properties managerProperties() {
        Properties copy = new Properties();
        copy.putAll(managerProperties);
        return copy;
    }

    /**
     * Parses the settings.
     *
     * @param config          Hibernate's configuration values
     * @param qualifier       turns an unqualified region name into the cache name (applies the region prefix)
     * @param resourceLocator finds a classpath resource by name, or returns {@code null}
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static RegionFactorySettings parse(Map<String, Object> config, Function<String, String> qualifier,
            Function<String, URL> resourceLocator) {
        Object manager = config.get(CACHE_MANAGER);
        if (manager != null && !(manager instanceof CacheManager)) {
            throw new IllegalArgumentException(CACHE_MANAGER + " must be a javax.cache.CacheManager instance, not "
                    + manager.getClass().getName());
        }
        URI uri = parseUri(config.get(URI));

        Properties properties = new Properties();
        String file = string(config, PROPERTIES_FILE);
        if (file != null) {
            properties.putAll(loadProperties(file, resourceLocator));
        }

        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : config.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(REGION_PREFIX)) {
                continue;
            }
            String rest = key.substring(REGION_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new IllegalArgumentException(key + ": expected " + REGION_PREFIX + "<region>.<setting>");
            }
            String region = rest.substring(0, dot);
            String setting = rest.substring(dot + 1);
            String value = String.valueOf(entry.getValue()).trim();
            overrides.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(setting, value);
            properties.setProperty("cachette.cache." + qualifier.apply(region) + "." + setting, value);
        }

        String strategy = string(config, MISSING_CACHE_STRATEGY);
        MissingCacheStrategy missing = strategy == null ? MissingCacheStrategy.CREATE
                : wrap(MISSING_CACHE_STRATEGY, () -> MissingCacheStrategy.parse(strategy));

        String timestamp = string(config, MISSING_TIMESTAMP);
        MissingTimestampPolicy missingTimestamp = timestamp == null ? MissingTimestampPolicy.FLOOR
                : wrap(MISSING_TIMESTAMP, () -> MissingTimestampPolicy.parse(timestamp));

        return new RegionFactorySettings((CacheManager) manager, uri, properties, overrides, missing, missingTimestamp,
                positiveMillis(config, LOCK_TIMEOUT_MS, DEFAULT_LOCK_TIMEOUT),
                positiveMillis(config, FAILURE_LOG_INTERVAL_MS, DEFAULT_FAILURE_LOG_INTERVAL));
    }

    private static URI parseUri(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof URI uri) {
            return uri;
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URI + ": not a URI: " + text, e);
        }
    }

    private static Properties loadProperties(String name, Function<String, URL> resourceLocator) {
        Properties loaded = new Properties();
        try {
            Path path = Path.of(name);
            if (Files.isRegularFile(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    loaded.load(in);
                }
                return loaded;
            }
            URL url = resourceLocator.apply(name);
            if (url == null) {
                throw new IllegalArgumentException(PROPERTIES_FILE + ": no file or classpath resource named '"
                        + name + "'");
            }
            try (InputStream in = url.openStream()) {
                loaded.load(in);
            }
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(PROPERTIES_FILE + ": cannot read '" + name + "'", e);
        }
    }

    private static Duration positiveMillis(Map<String, Object> config, String key, Duration defaultValue) {
        String text = string(config, key);
        if (text == null) {
            return defaultValue;
        }
        long millis = wrap(key, () -> Long.parseLong(text));
        if (millis <= 0) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds: " + text);
        }
        return Duration.ofMillis(millis);
    }

    private static String string(Map<String, Object> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static <T> T wrap(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
