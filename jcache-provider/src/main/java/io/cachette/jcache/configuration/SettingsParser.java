package io.cachette.jcache.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one parser of Cachette's {@code cachette.*} settings.
 *
 * <p>Sources, lowest precedence first: the properties file named by a {@code classpath:} or {@code file:}
 * cache manager URI; the {@link Properties} given to {@code getCacheManager}; the system properties. Keys
 * that do not start with {@code cachette.} are ignored. Known keys:
 * <ul>
 *   <li>{@code cachette.backend} — {@code local} or the URI scheme of an installed {@code StoreFactory}
 *       (e.g. {@code memcached});</li>
 *   <li>{@code cachette.default-uri} — the provider's default cache manager URI (read from the system
 *       properties);</li>
 *   <li>{@code cachette.cache.<name>.max-entries}, {@code .max-bytes}, {@code .expiry-seconds} — settings of
 *       cache {@code <name>}, which also declare it: {@code getCache(<name>)} creates it on first use;</li>
 *   <li>{@code cachette.cache-default.max-entries}, {@code .max-bytes}, {@code .expiry-seconds} — settings of
 *       every cache that does not set them itself;</li>
 *   <li>{@code cachette.memcached.*} — passed through to the memcached backend, which validates them;</li>
 *   <li>{@code cachette.tck.*} — read by Cachette's TCK runner in the same JVM; ignored here.</li>
 * </ul>
 * Any other {@code cachette.*} key, or an invalid value, fails with an {@link IllegalArgumentException} that
 * names the key and what is allowed.
 */
public final class SettingsParser {

    /** The prefix of every Cachette setting. */
    public static final String PREFIX = "cachette.";
    public static final String BACKEND = "cachette.backend";
    public static final String DEFAULT_URI = "cachette.default-uri";
    public static final String CACHE_PREFIX = "cachette.cache.";
    public static final String CACHE_DEFAULT_PREFIX = "cachette.cache-default.";
    public static final String MAX_ENTRIES = "max-entries";
    public static final String MAX_BYTES = "max-bytes";
    public static final String EXPIRY_SECONDS = "expiry-seconds";
    /** The value of {@link #BACKEND} that selects the local heap store. */
    public static final String LOCAL_BACKEND = "local";

    private static final Set<String> PASS_THROUGH_PREFIXES = Set.of("cachette.memcached.");
    private static final String TOOLING_PREFIX = "cachette.tck.";
    private static final String ALLOWED_KEYS = BACKEND + ", " + DEFAULT_URI + ", "
            + CACHE_PREFIX + "<name>.{" + MAX_ENTRIES + "," + MAX_BYTES + "," + EXPIRY_SECONDS + "}, "
            + CACHE_DEFAULT_PREFIX + "{" + MAX_ENTRIES + "," + MAX_BYTES + "," + EXPIRY_SECONDS + "}, "
            + "cachette.memcached.*, cachette.tck.* (ignored)";

    private final Set<String> backendNames;

    /**
     * @param backendSchemes the URI schemes of the installed {@code StoreFactory}s; with {@code local} they
     *                       are the allowed values of {@code cachette.backend}
     */
    public SettingsParser(Set<String> backendSchemes) {
        TreeSet<String> names = new TreeSet<>(backendSchemes);
        names.add(LOCAL_BACKEND);
        this.backendNames = Set.copyOf(names);
    }

    /**
     * Resolves the settings of one cache manager.
     *
     * @param uri              the cache manager's URI; a {@code classpath:} or {@code file:} URI names a file
     * @param properties       the properties given to {@code getCacheManager}, may be {@code null}
     * @param systemProperties the system properties
     * @param classLoader      loads {@code classpath:} files
     */
    public CachetteSettings parse(URI uri, Properties properties, Properties systemProperties,
                                  ClassLoader classLoader) {
        Map<String, String> merged = new TreeMap<>();
        merged.putAll(cachetteKeys(loadFile(uri, classLoader)));
        merged.putAll(cachetteKeys(properties));
        merged.putAll(cachetteKeys(systemProperties));
        return validate(merged);
    }

    /** Validates already merged {@code cachette.*} settings. */
    public CachetteSettings validate(Map<String, String> merged) {
        String backend = null;
        URI defaultUri = null;
        Map<String, CacheSettings> caches = new HashMap<>();
        CacheSettings defaults = CacheSettings.NONE;
        for (Map.Entry<String, String> setting : merged.entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue().trim();
            if (key.equals(BACKEND)) {
                if (!backendNames.contains(value)) {
                    throw invalid(key, value, "one of " + String.join(", ", new TreeSet<>(backendNames)));
                }
                backend = value;
            } else if (key.equals(DEFAULT_URI)) {
                defaultUri = parseUri(key, value);
            } else if (key.startsWith(CACHE_DEFAULT_PREFIX)) {
                defaults = withSetting(defaults, key, key.substring(CACHE_DEFAULT_PREFIX.length()), value);
            } else if (key.startsWith(CACHE_PREFIX)) {
                String rest = key.substring(CACHE_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    throw unknown(key);
                }
                String name = rest.substring(0, dot);
                caches.put(name, withSetting(caches.getOrDefault(name, CacheSettings.NONE), key,
                        rest.substring(dot + 1), value));
            } else if (PASS_THROUGH_PREFIXES.stream().noneMatch(key::startsWith)) {
                throw unknown(key);
            }
        }
        return new CachetteSettings(backend, defaultUri, defaults, caches, merged);
    }

    /** Parses a {@code cachette.default-uri} value. */
    public static URI parseUri(String key, String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null) {
                throw invalid(key, value, "an absolute URI such as cachette:local or memcached://host:11211");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw invalid(key, value, "an absolute URI such as cachette:local or memcached://host:11211");
        }
    }

    private static CacheSettings withSetting(CacheSettings settings, String key, String name, String value) {
        return switch (name) {
            case MAX_ENTRIES -> new CacheSettings(positive(key, value), settings.maxBytes(), settings.expirySeconds());
            case MAX_BYTES -> new CacheSettings(settings.maxEntries(), positive(key, value), settings.expirySeconds());
            case EXPIRY_SECONDS -> new CacheSettings(settings.maxEntries(), settings.maxBytes(), positive(key, value));
            default -> throw unknown(key);
        };
    }

    private static long positive(String key, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a whole number from 1 to " + Long.MAX_VALUE);
    }

    private static Map<String, String> cachetteKeys(Properties properties) {
        Map<String, String> keys = new HashMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith(PREFIX) && !name.startsWith(TOOLING_PREFIX)) {
                    keys.put(name, properties.getProperty(name));
                }
            }
        }
        return keys;
    }

    private static Properties loadFile(URI uri, ClassLoader classLoader) {
        if (uri == null || uri.getScheme() == null) {
            return null;
        }
        String scheme = uri.getScheme();
        try {
            if (scheme.equals("classpath")) {
                String resource = uri.getSchemeSpecificPart();
                while (resource.startsWith("/")) {
                    resource = resource.substring(1);
                }
                ClassLoader loader = classLoader != null ? classLoader : SettingsParser.class.getClassLoader();
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("Cache manager URI " + uri
                                + ": no resource '" + resource + "' on the class path");
                    }
                    return load(in);
                }
            }
            if (scheme.equals("file")) {
                Path path = Path.of(uri);
                try (InputStream in = Files.newInputStream(path)) {
                    return load(in);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("Cache manager URI " + uri + ": no file " + path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cache manager URI " + uri + ": cannot read the settings", e);
        }
        return null;
    }

    private static Properties load(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties;
    }

    private static IllegalArgumentException unknown(String key) {
        return new IllegalArgumentException("Unknown setting '" + key + "'; allowed keys: " + ALLOWED_KEYS);
    }

    private static IllegalArgumentException invalid(String key, String value, String allowed) {
        return new IllegalArgumentException("Invalid value '" + value + "' for setting '" + key
                + "'; allowed: " + allowed);
    }
}
