package io.cachette.jcache.configuration;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resolved and validated {@code cachette.*} settings of one cache manager, built once by
 * {@link SettingsParser} from every source in precedence order.
 *
 * @param backend       the value of {@code cachette.backend}, or {@code null} when the URI decides
 * @param defaultUri    the value of {@code cachette.default-uri}, or {@code null}
 * @param defaults      the settings of {@code cachette.cache-default.*}, for every cache
 * @param caches        the settings declared per cache name by {@code cachette.cache.<name>.*}
 * @param all           every resolved {@code cachette.*} key and value (backend keys included), for the backend
 */
public record CachetteSettings(
        String backend,
        URI defaultUri,
        CacheSettings defaults,
        Map<String, CacheSettings> caches,
        Map<String, String> all) {

    /** No settings: the local backend, unbounded caches. */
    public static final CachetteSettings EMPTY =
            new CachetteSettings(null, null, CacheSettings.NONE, Map.of(), Map.of());

    public CachetteSettings {
        caches = Map.copyOf(caches);
        all = Map.copyOf(all);
    }

    /** The settings of cache {@code name}: its own declaration over the defaults. */
    public CacheSettings forCache(String name) {
        CacheSettings own = caches.get(name);
        return own == null ? defaults : own.over(defaults);
    }

    /** The cache names declared by {@code cachette.cache.<name>.*}. */
    public Set<String> declaredCaches() {
        return caches.keySet();
    }

    /** Every resolved setting as the typed view of {@code cachette.*} that a backend reads. */
    public Settings view() {
        return Settings.of(all).scope(SettingsParser.PREFIX);
    }

    /** The backend named by {@code cachette.backend}, if any. */
    public Optional<String> backendName() {
        return Optional.ofNullable(backend);
    }
}
