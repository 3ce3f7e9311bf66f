package io.cachette.hibernate.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

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
 * @param missingTimestamp     how a table space without an update timestamp is read; {@code null} when not set,
 *                             to be chosen by the store ({@link MissingTimestampPolicy#defaultFor})
 * @param lockTimeout          how long a soft lock protects an entry
 * @param failureLogInterval   at most one warning per this interval while the cache fails
 * @param nearCacheMaxEntries  the near tier of each region cache the factory creates on a store shared across
 *                             JVMs, unless the region's own settings say otherwise; {@code 0}: none
 */
public record RegionFactorySettings(
        CacheManager cacheManager,
        URI uri,
        Properties managerProperties,
        Map<String, Map<String, String>> regionOverrides,
        MissingCacheStrategy missingCacheStrategy,
        MissingTimestampPolicy missingTimestamp,
        Duration lockTimeout,
        Duration failureLogInterval,
        long nearCacheMaxEntries) {

    public static final String PREFIX = "hibernate.cache.cachette.";
    public static final String URI = PREFIX + "uri";
    public static final String PROPERTIES_FILE = PREFIX + "properties_file";
    public static final String CACHE_MANAGER = PREFIX + "cache_manager";
    public static final String MISSING_CACHE_STRATEGY = PREFIX + "missing_cache_strategy";
    public static final String REGION_PREFIX = PREFIX + "region.";
    public static final String MISSING_TIMESTAMP = PREFIX + "missing_timestamp";
    public static final String LOCK_TIMEOUT_MS = PREFIX + "lock_timeout_ms";
    public static final String FAILURE_LOG_INTERVAL_MS = PREFIX + "failure_log_interval_ms";
    public static final String NEAR_CACHE_MAX_ENTRIES = PREFIX + "near_cache_max_entries";

    private static final String URI_KEY = "uri";
    private static final String PROPERTIES_FILE_KEY = "properties_file";
    private static final String CACHE_MANAGER_KEY = "cache_manager";
    private static final String MISSING_CACHE_STRATEGY_KEY = "missing_cache_strategy";
    private static final String REGION_SCOPE = "region.";
    private static final String MISSING_TIMESTAMP_KEY = "missing_timestamp";
    private static final String LOCK_TIMEOUT_MS_KEY = "lock_timeout_ms";
    private static final String FAILURE_LOG_INTERVAL_MS_KEY = "failure_log_interval_ms";
    private static final String NEAR_CACHE_MAX_ENTRIES_KEY = "near_cache_max_entries";
    /** A per-region setting with a dot in its own name: the region name ends before it. */
    private static final String NEAR_CACHE_SETTING = ".near-cache.";
    /** Every setting but the per-region ones, relative to {@link #PREFIX}. */
    private static final List<String> KEYS = List.of(URI_KEY, PROPERTIES_FILE_KEY, CACHE_MANAGER_KEY,
            MISSING_CACHE_STRATEGY_KEY, MISSING_TIMESTAMP_KEY, LOCK_TIMEOUT_MS_KEY, FAILURE_LOG_INTERVAL_MS_KEY,
            NEAR_CACHE_MAX_ENTRIES_KEY);

    /** The full names of the settings this factory accepts; a region's are {@code <prefix>region.<region>.<setting>}. */
    public static final List<String> SETTING_NAMES = java.util.stream.Stream.concat(
            KEYS.stream().map(key -> PREFIX + key), java.util.stream.Stream.of(PREFIX + REGION_SCOPE + "<region>.<setting>"))
            .toList();

    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofSeconds(60);
    /** Near entries per region by default on a shared store: Hibernate's entries are small (disassembled state). */
    public static final long DEFAULT_NEAR_CACHE_MAX_ENTRIES = 10_000;

    public RegionFactorySettings {
        regionOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(regionOverrides));
        Properties copy = new Properties();
        copy.putAll(managerProperties);
        managerProperties = copy;
    }

    private static final String SERIALIZABLE = "java.io.Serializable";

    /**
     * Adds {@code java.io.Serializable} to the backend-neutral deserialization allow-list
     * ({@link SettingsParser#DESERIALIZATION_ALLOW}): Hibernate's cache entries hold an entity's state as a
     * {@code java.io.Serializable[]}, and a store that deserializes what other JVMs wrote admits only listed JDK
     * classes (the array is judged by its component, an interface; every element is still judged by itself).
     * A store that does not deserialize foreign bytes ignores the setting.
     */
    private static void admitCacheEntryState(Properties properties) {
        String key = SettingsParser.DESERIALIZATION_ALLOW;
        List<String> allowed = new ArrayList<>(Settings.of(Map.of(key, properties.getProperty(key, ""))).list(key));
        if (!allowed.contains(SERIALIZABLE)) {
            allowed.add(SERIALIZABLE);
            properties.setProperty(key, String.join(",", allowed));
        }
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
        Settings settings = Settings.scoped(PREFIX, config);
        settings.requireKnown(key -> KEYS.contains(key) || key.startsWith(REGION_SCOPE), String.join(", ",
                KEYS.stream().map(settings::name).toList()) + ", " + REGION_PREFIX + "<region>.<setting>");
        Object manager = config.get(CACHE_MANAGER);
        if (manager != null && !(manager instanceof CacheManager)) {
            throw new IllegalArgumentException(CACHE_MANAGER + " must be a javax.cache.CacheManager instance, not "
                    + manager.getClass().getName());
        }
        URI uri = config.get(URI) instanceof URI given ? given : parseUri(settings);

        Properties properties = new Properties();
        String file = text(settings, PROPERTIES_FILE_KEY);
        if (file != null) {
            properties.putAll(loadProperties(file, resourceLocator));
        }

        admitCacheEntryState(properties);

        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        Settings regions = settings.scope(REGION_SCOPE);
        for (String key : regions.keys()) {
            int near = key.indexOf(NEAR_CACHE_SETTING);
            int dot = near > 0 ? near : key.lastIndexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException(regions.name(key) + ": expected " + REGION_PREFIX
                        + "<region>.<setting>");
            }
            String region = key.substring(0, dot);
            String setting = key.substring(dot + 1);
            String value = regions.text(key, "");
            overrides.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(setting, value);
            properties.setProperty(SettingsParser.CACHE_PREFIX + qualifier.apply(region) + "." + setting, value);
        }

        String strategy = text(settings, MISSING_CACHE_STRATEGY_KEY);
        MissingCacheStrategy missing = strategy == null ? MissingCacheStrategy.CREATE
                : wrap(MISSING_CACHE_STRATEGY, () -> MissingCacheStrategy.parse(strategy));

        String timestamp = text(settings, MISSING_TIMESTAMP_KEY);
        MissingTimestampPolicy missingTimestamp = timestamp == null ? null
                : wrap(MISSING_TIMESTAMP, () -> MissingTimestampPolicy.parse(timestamp));

        return new RegionFactorySettings((CacheManager) manager, uri, properties, overrides, missing, missingTimestamp,
                settings.millis(LOCK_TIMEOUT_MS_KEY, DEFAULT_LOCK_TIMEOUT, 1, Long.MAX_VALUE),
                settings.millis(FAILURE_LOG_INTERVAL_MS_KEY, DEFAULT_FAILURE_LOG_INTERVAL, 1, Long.MAX_VALUE),
                settings.number(NEAR_CACHE_MAX_ENTRIES_KEY, DEFAULT_NEAR_CACHE_MAX_ENTRIES, 0, Long.MAX_VALUE));
    }

    /** The URI setting: any URI (a bare name is a local manager's identity), or {@code null} when not set. */
    private static URI parseUri(Settings settings) {
        String text = text(settings, URI_KEY);
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw settings.invalid(URI_KEY, "a cache manager URI such as cachette:local or memcached://host:11211");
        }
    }

    /** A properties file named by a path or, failing that, a class-path resource. */
    private static Properties loadProperties(String name, Function<String, URL> resourceLocator) {
        URI location;
        try {
            Path path = Path.of(name);
            if (Files.isRegularFile(path)) {
                location = path.toUri();
            } else {
                URL url = resourceLocator.apply(name);
                if (url == null) {
                    throw new IllegalArgumentException(PROPERTIES_FILE + ": no file or classpath resource named '"
                            + name + "'");
                }
                location = url.toURI();
            }
        } catch (java.nio.file.InvalidPathException | URISyntaxException e) {
            throw new IllegalArgumentException(PROPERTIES_FILE + ": cannot read '" + name + "': " + e.getMessage(), e);
        }
        try {
            return Settings.loadFile(location, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PROPERTIES_FILE + ": cannot read '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The text of {@code key}, or {@code null} when not set or blank. */
    private static String text(Settings settings, String key) {
        String text = settings.text(key, "");
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
