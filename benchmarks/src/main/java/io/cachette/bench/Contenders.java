package io.cachette.bench;

import io.cachette.store.StoreFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Which contenders of each benchmark area are on this class path. The code under test lands branch by branch, so
 * {@code run.sh} and the smoke test ask here instead of failing on a contender whose classes are not built yet.
 */
public final class Contenders {

    /** Marker of the JCache store over memcached: a {@code StoreFactory} service for the {@code memcached} scheme. */
    private static final String MEMCACHED_STORE = "scheme:memcached";

    /**
     * Marker of each contender, by area then contender name (the JMH {@code @Param} value): class names separated by
     * {@code |}, or {@code scheme:<name>} for a Cachette store factory serving that URI scheme.
     */
    private static final Map<String, Map<String, String>> MARKERS = Map.of(
            "local", ordered(
                    "cachette", "io.cachette.jcache.CachetteCachingProvider|io.cachette.jcache.spi.CachetteCachingProvider",
                    "caffeine", "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider",
                    "ehcache", "org.ehcache.jsr107.EhcacheCachingProvider"),
            "memcached", ordered(
                    "cachette", "io.cachette.bench.memcached.CachetteClient",
                    "spymemcached", "net.spy.memcached.MemcachedClient",
                    "xmemcached", "net.rubyeye.xmemcached.XMemcachedClient"),
            "jcache-memcached", ordered(
                    "cachette", MEMCACHED_STORE,
                    "cachette-near-strict", MEMCACHED_STORE,
                    "cachette-near-bounded", MEMCACHED_STORE,
                    "cachette-local", MEMCACHED_STORE,
                    "raw-client", "io.cachette.memcached.MemcachedClient"),
            "hibernate", ordered(
                    "cachette", "io.cachette.hibernate.CachetteRegionFactory",
                    "cachette-memcached", MEMCACHED_STORE,
                    "cachette-memcached-nonear", MEMCACHED_STORE,
                    "cachette-memcached-bounded", MEMCACHED_STORE,
                    "jcache-caffeine", "org.hibernate.cache.jcache.internal.JCacheRegionFactory",
                    "jcache-caffeine-byref", "org.hibernate.cache.jcache.internal.JCacheRegionFactory",
                    "none", "org.hibernate.SessionFactory"),
            // the metrics suite's variants: with Cachette's Micrometer binders, and without (statistics on or off)
            "metrics", ordered(
                    "cachette", "io.cachette.micrometer.CachetteCacheManagerMetrics",
                    "stats-on", "io.cachette.jcache.CachetteCachingProvider",
                    "stats-off", "io.cachette.jcache.CachetteCachingProvider"));

    private Contenders() {
    }

    /** Every contender of {@code area}, loadable or not, in the area's order. */
    public static List<String> all(String area) {
        return List.copyOf(markersOf(area).keySet());
    }

    private static Map<String, String> markersOf(String area) {
        Map<String, String> markers = MARKERS.get(area);
        if (markers == null) {
            throw new IllegalArgumentException("unknown benchmark area '" + area + "', expected one of " + MARKERS.keySet());
        }
        return markers;
    }

    /** The contenders of {@code area} whose classes load, in the area's order. */
    public static List<String> available(String area) {
        Map<String, String> markers = markersOf(area);
        List<String> present = new ArrayList<>();
        markers.forEach((name, classes) -> {
            if (firstPresent(classes) != null) {
                present.add(name);
            }
        });
        return present;
    }

    /** The first of the {@code |}-separated class names that loads (or the scheme marker if served), or {@code null}. */
    public static String firstPresent(String classNames) {
        if (classNames.startsWith("scheme:")) {
            String scheme = classNames.substring("scheme:".length());
            for (StoreFactory factory : ServiceLoader.load(StoreFactory.class, Contenders.class.getClassLoader())) {
                if (factory.scheme().equals(scheme)) {
                    return classNames;
                }
            }
            return null;
        }
        for (String name : classNames.split("\\|")) {
            try {
                Class.forName(name, false, Contenders.class.getClassLoader());
                return name;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next name
            }
        }
        return null;
    }

    /** The marker class names of one contender, for callers that need to load it. */
    public static String markers(String area, String contender) {
        String markers = markersOf(area).get(contender);
        if (markers == null) {
            throw new IllegalArgumentException("unknown contender '" + contender + "' in " + area + ", expected one of " + all(area));
        }
        return markers;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** Prints the available contenders of the area named by the one argument, comma-separated (for run.sh). */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Contenders local|memcached|jcache-memcached|hibernate|metrics");
        }
        System.out.println(String.join(",", available(args[0])));
    }
}
