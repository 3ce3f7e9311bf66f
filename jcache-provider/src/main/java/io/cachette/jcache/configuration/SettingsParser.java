package io.cachette.jcache.configuration;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one parser of Cachette's {@code cachette.*} settings.
 *
 * <p>Sources, lowest precedence first: the properties file named by a {@code classpath:}, {@code file:} or
 * {@code jar:} cache manager URI; the {@link Properties} given to {@code getCacheManager}; the system
 * properties. Keys that do not start with {@code cachette.} are ignored. Known keys:
 * <ul>
 *   <li>{@code cachette.backend} — {@code local} or the URI scheme of an installed {@code StoreFactory}
 *       (e.g. {@code memcached});</li>
 *   <li>{@code cachette.default-uri} — the provider's default cache manager URI (read from the system
 *       properties);</li>
 *   <li>{@code cachette.cache.<name>.max-entries}, {@code .max-bytes}, {@code .expiry-seconds},
 *       {@code .statistics}, {@code .management} — settings of cache {@code <name>}, which also declare it:
 *       {@code getCache(<name>)} creates it on first use;</li>
 *   <li>{@code cachette.cache.<name>.near-cache.max-entries}, {@code .max-bytes}, {@code .mode},
 *       {@code .max-staleness-ms} — the near tier of cache {@code <name>} on a backend that has one (memcached,
 *       which validates the values and takes its {@code cachette.memcached.near-cache.*} for the ones not set);
 *       they declare the cache too;</li>
 *   <li>{@code cachette.cache.<name>.herd.wait-ms}, {@code .lease-seconds}, {@code .stale-while-revalidate-ms} —
 *       herd control of cache {@code <name>} on a backend that other JVMs share (memcached, which validates them
 *       and takes its {@code cachette.memcached.herd.*} for the ones not set); they declare the cache too;</li>
 *   <li>{@code cachette.cache-default.max-entries}, {@code .max-bytes}, {@code .expiry-seconds},
 *       {@code .statistics}, {@code .management} — settings of every cache that does not set them itself;</li>
 *   <li>{@code cachette.deserialization.allow} — extra class patterns a backend's deserialization admits;</li>
 *   <li>{@code cachette.memcached.*} — passed through to the memcached backend, which validates them;</li>
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
    /** {@code true}: the cache's statistics are on, whatever the configuration given to {@code createCache} says. */
    public static final String STATISTICS = "statistics";
    /** {@code true}: the cache's configuration MXBean is registered, whatever the configuration says. */
    public static final String MANAGEMENT = "management";
    /** The per-cache near-tier settings (after {@code cachette.cache.<name>.}), passed to the backend. */
    public static final List<String> NEAR_CACHE_KEYS = List.of("near-cache.max-entries", "near-cache.max-bytes",
            "near-cache.mode", "near-cache.max-staleness-ms");
    /** The per-cache herd-control settings (after {@code cachette.cache.<name>.}), passed to the backend. */
    public static final List<String> HERD_KEYS = List.of("herd.wait-ms", "herd.lease-seconds",
            "herd.stale-while-revalidate-ms");
    /** The segments that start a cache's settings of the backend, which validates them. */
    private static final List<String> BACKEND_SEGMENTS = List.of(".near-cache.", ".herd.");
    /**
     * Extra class patterns that a backend's Java deserialization admits (a backend that deserializes what
     * others wrote, such as memcached, applies it; the local store ignores it). Any layer may add to it without
     * knowing the backend, as the Hibernate region factory does for its cache entries.
     */
    public static final String DESERIALIZATION_ALLOW = "cachette.deserialization.allow";
    /** {@link #DESERIALIZATION_ALLOW} relative to {@link #PREFIX}, as a backend's view of the settings names it. */
    public static final String DESERIALIZATION_ALLOW_KEY = "deserialization.allow";
    /** The value of {@link #BACKEND} that selects the local heap store. */
    public static final String LOCAL_BACKEND = "local";

    /**
     * The full names of the settings this parser accepts itself, {@code <name>} standing for any cache name;
     * the backends' own ({@code cachette.memcached.*}) are listed by their {@code StoreFactory}.
     */
    public static final List<String> SETTING_NAMES = List.of(BACKEND, DEFAULT_URI, DESERIALIZATION_ALLOW,
            CACHE_PREFIX + "<name>." + MAX_ENTRIES, CACHE_PREFIX + "<name>." + MAX_BYTES,
            CACHE_PREFIX + "<name>." + EXPIRY_SECONDS, CACHE_PREFIX + "<name>." + STATISTICS,
            CACHE_PREFIX + "<name>." + MANAGEMENT, CACHE_DEFAULT_PREFIX + MAX_ENTRIES,
            CACHE_DEFAULT_PREFIX + MAX_BYTES, CACHE_DEFAULT_PREFIX + EXPIRY_SECONDS,
            CACHE_DEFAULT_PREFIX + STATISTICS, CACHE_DEFAULT_PREFIX + MANAGEMENT,
            CACHE_PREFIX + "<name>." + NEAR_CACHE_KEYS.get(0), CACHE_PREFIX + "<name>." + NEAR_CACHE_KEYS.get(1),
            CACHE_PREFIX + "<name>." + NEAR_CACHE_KEYS.get(2), CACHE_PREFIX + "<name>." + NEAR_CACHE_KEYS.get(3),
            CACHE_PREFIX + "<name>." + HERD_KEYS.get(0), CACHE_PREFIX + "<name>." + HERD_KEYS.get(1),
            CACHE_PREFIX + "<name>." + HERD_KEYS.get(2));
    private static final String CACHE_KEYS = "{" + MAX_ENTRIES + "," + MAX_BYTES + "," + EXPIRY_SECONDS + ","
            + STATISTICS + "," + MANAGEMENT + "}";

    private static final Set<String> PASS_THROUGH_PREFIXES = Set.of("cachette.memcached.");
    private static final String ALLOWED_KEYS = BACKEND + ", " + DEFAULT_URI + ", " + DESERIALIZATION_ALLOW + ", "
            + CACHE_PREFIX + "<name>." + CACHE_KEYS + ", "
            + CACHE_PREFIX + "<name>.near-cache.{max-entries,max-bytes,mode,max-staleness-ms}, "
            + CACHE_PREFIX + "<name>.herd.{wait-ms,lease-seconds,stale-while-revalidate-ms}, "
            + CACHE_DEFAULT_PREFIX + CACHE_KEYS + ", "
            + "cachette.memcached.*";

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
     * @param uri              the cache manager's URI; a {@code classpath:}, {@code file:} or {@code jar:} URI names a
     *                         file
     * @param properties       the properties given to {@code getCacheManager}, may be {@code null}
     * @param systemProperties the system properties
     * @param classLoader      loads {@code classpath:} files
     */
    public CachetteSettings parse(URI uri, Properties properties, Properties systemProperties,
                                  ClassLoader classLoader) {
        Map<String, String> merged = new TreeMap<>();
        merged.putAll(cachetteKeys(Settings.loadFile(uri, classLoader)));
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
            } else if (key.equals(DESERIALIZATION_ALLOW)) {
                // class patterns: each backend that deserializes checks them
            } else if (key.equals(DEFAULT_URI)) {
                defaultUri = parseUri(key, value);
            } else if (key.startsWith(CACHE_DEFAULT_PREFIX)) {
                defaults = withSetting(defaults, key, key.substring(CACHE_DEFAULT_PREFIX.length()), value);
            } else if (key.startsWith(CACHE_PREFIX)) {
                String rest = key.substring(CACHE_PREFIX.length());
                int backendSetting = backendSettingStart(rest);
                if (backendSetting > 0) {
                    String backendKey = rest.substring(backendSetting + 1);
                    if (!NEAR_CACHE_KEYS.contains(backendKey) && !HERD_KEYS.contains(backendKey)) {
                        throw unknown(key);
                    }
                    // the backend that has a near tier or herd control validates the value; the cache is declared
                    caches.putIfAbsent(rest.substring(0, backendSetting), CacheSettings.NONE);
                    continue;
                }
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
        return Settings.of(Map.of(key, value)).uri(key).orElseThrow();
    }

    private static CacheSettings withSetting(CacheSettings settings, String key, String name, String value) {
        CacheSettings only = switch (name) {
            case MAX_ENTRIES -> new CacheSettings(positive(key, value), null, null);
            case MAX_BYTES -> new CacheSettings(null, positive(key, value), null);
            case EXPIRY_SECONDS -> new CacheSettings(null, null, positive(key, value));
            case STATISTICS -> new CacheSettings(null, null, null, flag(key, value), null);
            case MANAGEMENT -> new CacheSettings(null, null, null, null, flag(key, value));
            default -> throw unknown(key);
        };
        return only.over(settings);
    }

    private static long positive(String key, String value) {
        return Settings.of(Map.of(key, value)).number(key, 0, 1, Long.MAX_VALUE);
    }

    private static boolean flag(String key, String value) {
        return Settings.of(Map.of(key, value)).flag(key, false);
    }

    private static Map<String, String> cachetteKeys(Properties properties) {
        Map<String, String> keys = new HashMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    keys.put(name, properties.getProperty(name));
                }
            }
        }
        return keys;
    }

    private static IllegalArgumentException unknown(String key) {
        return new IllegalArgumentException("Unknown setting '" + key + "'; allowed keys: " + ALLOWED_KEYS);
    }

    private static IllegalArgumentException invalid(String key, String value, String allowed) {
        return Settings.invalidValue(key, value, allowed);
    }

    /** Where a cache's backend setting starts in {@code <name>.<setting>} (at its dot), or {@code -1}. */
    private static int backendSettingStart(String nameAndSetting) {
        int start = -1;
        for (String segment : BACKEND_SEGMENTS) {
            start = Math.max(start, nameAndSetting.lastIndexOf(segment));
        }
        return start;
    }
}
