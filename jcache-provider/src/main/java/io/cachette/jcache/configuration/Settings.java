package io.cachette.jcache.configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable, typed view of string settings under one key prefix: the one place where Cachette's modules
 * turn {@code key=value} text into numbers, durations, flags, choices and lists, and where a wrong key or value
 * becomes an {@link IllegalArgumentException} naming the full key and what is allowed.
 *
 * <p>The cache manager resolves {@code cachette.*} once ({@link SettingsParser}) and hands each backend
 * {@link #scope scoped} views of it; the memcached backend reads {@code cachette.memcached.*} and the Hibernate
 * region factory {@code hibernate.cache.cachette.*} through the same accessors. A view keeps its keys relative to
 * its {@link #prefix()}: in a view scoped to {@code cachette.memcached.}, the key {@code operation-timeout-ms} is
 * the setting {@code cachette.memcached.operation-timeout-ms}.
 */
public final class Settings {

    /** No settings. */
    public static final Settings EMPTY = new Settings("", Map.of());

    private final String prefix;
    private final Map<String, String> values;

    private Settings(String prefix, Map<String, String> values) {
        this.prefix = prefix;
        this.values = values;
    }

    /** The settings {@code values} (full key names, values trimmed), with no prefix. */
    public static Settings of(Map<String, String> values) {
        return new Settings("", trimmed(values));
    }

    /**
     * The settings of {@code values} whose keys start with {@code prefix}, the prefix taken off the keys; a view
     * of {@code hibernate.cache.cachette.*} from Hibernate's configuration, say.
     */
    public static Settings scoped(String prefix, Map<String, ?> values) {
        Map<String, String> scoped = new TreeMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getValue() != null) {
                scoped.put(entry.getKey().substring(prefix.length()), String.valueOf(entry.getValue()));
            }
        }
        return new Settings(prefix, trimmed(scoped));
    }

    /** The part of this view under {@code relativePrefix}, e.g. {@code scope("memcached.")} of {@code cachette.}. */
    public Settings scope(String relativePrefix) {
        Map<String, String> scoped = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getKey().startsWith(relativePrefix)) {
                scoped.put(entry.getKey().substring(relativePrefix.length()), entry.getValue());
            }
        }
        return new Settings(prefix + relativePrefix, Map.copyOf(scoped));
    }

    /** This view with {@code lower}'s values (keys relative to this prefix) wherever this view has none. */
    public Settings withDefaults(Map<String, String> lower) {
        Map<String, String> merged = new TreeMap<>(trimmed(lower));
        merged.putAll(values);
        return new Settings(prefix, Map.copyOf(merged));
    }

    /** The prefix of this view's keys: {@code ""}, {@code cachette.memcached.}, ... */
    public String prefix() {
        return prefix;
    }

    /** The full name of setting {@code key} of this view. */
    public String name(String key) {
        return prefix + key;
    }

    /** This view's keys, relative to its prefix. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Every setting of this view by its full name. */
    public Map<String, String> asMap() {
        Map<String, String> full = new TreeMap<>();
        values.forEach((key, value) -> full.put(prefix + key, value));
        return full;
    }

    /** Whether setting {@code key} has a value. */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The text of setting {@code key}, if set. */
    public Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The text of setting {@code key}, or {@code defaultValue}. */
    public String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /** A whole number from {@code min} to {@code max}, or {@code defaultValue} when not set. */
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    /** A whole number from {@code min} to {@code max}, or {@code defaultValue} when not set. */
    public long number(String key, long defaultValue, long min, long max) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "a whole number from " + min + " to " + max);
    }

    /** A number of milliseconds from {@code minMillis} to {@code maxMillis}, or {@code defaultValue}. */
    public Duration millis(String key, Duration defaultValue, long minMillis, long maxMillis) {
        return contains(key) ? Duration.ofMillis(number(key, 0, minMillis, maxMillis)) : defaultValue;
    }

    /** {@code true} or {@code false} (any case), or {@code defaultValue} when not set. */
    public boolean flag(String key, boolean defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    /**
     * One of {@code type}'s constants, written in lower case with {@code -} for {@code _}
     * ({@code fail-fast} for {@code FAIL_FAST}), or {@code defaultValue} when not set.
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equals(constant)) {
                return candidate;
            }
        }
        throw invalid(key, "one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
    }

    /** An absolute URI, if set. */
    public Optional<URI> uri(String key) {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(key, "an absolute URI such as cachette:local or memcached://host:11211");
    }

    /** The comma-separated parts of setting {@code key}, trimmed, empty parts left out; empty when not set. */
    public List<String> list(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return List.copyOf(parts);
    }

    /**
     * Fails on any key of this view that {@code allowed} does not accept.
     *
     * @param allowed     accepts a relative key
     * @param description the allowed keys as the error message lists them
     */
    public void requireKnown(java.util.function.Predicate<String> allowed, String description) {
        for (String key : values.keySet()) {
            if (!allowed.test(key)) {
                throw new IllegalArgumentException("Unknown setting '" + name(key) + "'; allowed keys: " + description);
            }
        }
    }

    /** Fails on any key of this view not in {@code allowed} (relative keys); the error lists them all. */
    public void requireKnown(Collection<String> allowed) {
        requireKnown(allowed::contains,
                String.join(", ", new TreeSet<>(allowed).stream().map(this::name).toList()));
    }

    /** The error for setting {@code key}'s current value: it names the full key, the value and what is allowed. */
    public IllegalArgumentException invalid(String key, String allowed) {
        return invalidValue(name(key), values.get(key), allowed);
    }

    /** The error for {@code value} of the setting named {@code fullName}. */
    public static IllegalArgumentException invalidValue(String fullName, String value, String allowed) {
        return new IllegalArgumentException("Invalid value '" + value + "' for setting '" + fullName
                + "'; allowed: " + allowed);
    }

    /**
     * Reads a properties file named by a {@code classpath:}, {@code file:} or {@code jar:} URI; {@code null} for
     * any other URI (which then names no file).
     *
     * @param classLoader loads {@code classpath:} resources; {@code null} for this library's loader
     * @throws IllegalArgumentException when the file does not exist
     */
    public static Properties loadFile(URI uri, ClassLoader classLoader) {
        if (uri == null || uri.getScheme() == null) {
            return null;
        }
        try {
            switch (uri.getScheme()) {
                case "classpath" -> {
                    String resource = uri.getSchemeSpecificPart();
                    while (resource.startsWith("/")) {
                        resource = resource.substring(1);
                    }
                    ClassLoader loader = classLoader != null ? classLoader : Settings.class.getClassLoader();
                    try (InputStream in = loader.getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalArgumentException("Cache manager URI " + uri
                                    + ": no resource '" + resource + "' on the class path");
                        }
                        return load(in);
                    }
                }
                case "jar" -> {
                    // what a classpath: resource resolves to inside a packaged application (Spring's
                    // spring.cache.jcache.config, hibernate-jcache's uri): read it, don't treat it as a mere name
                    try (InputStream in = uri.toURL().openStream()) {
                        return load(in);
                    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                        throw new IllegalArgumentException("Cache manager URI " + uri + ": no such entry");
                    }
                }
                case "file" -> {
                    Path path = Path.of(uri);
                    try (InputStream in = Files.newInputStream(path)) {
                        return load(in);
                    } catch (NoSuchFileException e) {
                        throw new IllegalArgumentException("Cache manager URI " + uri + ": no file " + path);
                    }
                }
                default -> {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cache manager URI " + uri + ": cannot read the settings", e);
        }
    }

    private static Properties load(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties;
    }

    private static Map<String, String> trimmed(Map<String, String> values) {
        Map<String, String> trimmed = new TreeMap<>();
        values.forEach((key, value) -> trimmed.put(key, value.trim()));
        return Map.copyOf(trimmed);
    }

    @Override
    public String toString() {
        return "Settings[" + prefix + "*: " + values.keySet() + "]";
    }
}
