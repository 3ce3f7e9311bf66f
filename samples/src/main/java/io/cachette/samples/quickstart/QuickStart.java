package io.cachette.samples.quickstart;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.PrintStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README's first command: a JCache cache from {@code Caching.getCachingProvider()} on the embedded
 * default (no server needed), with expiry, a read-through loader and a listener, printing each step and
 * the cache statistics at the end.
 */
public final class QuickStart {

    private static final String CACHE_NAME = "greetings";

    private final PrintStream out;
    private final long expiryMillis;

    QuickStart(PrintStream out, long expiryMillis) {
        this.out = out;
        this.expiryMillis = expiryMillis;
    }

    static final String USAGE = """
            Usage: mvn -B -q -pl samples -am -DskipTests package exec:java [-Dexec.args="OPTIONS"]

            Creates a JCache cache through Caching.getCachingProvider() on Cachette's embedded local store (no
            server needed) and shows read-through loading, a listener, expiry, and the cache statistics.

            Options:
              --expiry-millis N   time-to-live of entries (default 1000, from 1 to 60000)
              --help              this text

            Exit codes: 0 done; 1 failed (reason on stderr); 2 bad arguments.""";

    public static void main(String[] args) throws Exception {
        long expiryMillis = 1_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--expiry-millis" -> {
                    expiryMillis = i + 1 < args.length ? parseMillis(args[++i]) : -1;
                    if (expiryMillis < 0) {
                        usageError("--expiry-millis needs a whole number from 1 to 60000.");
                    }
                }
                default -> usageError("Unknown argument '" + args[i] + "'.");
            }
        }
        new QuickStart(System.out, expiryMillis).run();
    }

    private static long parseMillis(String text) {
        try {
            long millis = Long.parseLong(text);
            return millis >= 1 && millis <= 60_000 ? millis : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void usageError(String message) {
        System.err.println(message);
        System.err.println("Try --help.");
        System.exit(2);
    }

    /** Runs the demo; returns the statistics it printed, for the smoke test. */
    Map<String, Object> run() throws Exception {
        CachingProvider provider = Caching.getCachingProvider();
        out.printf("1. Provider: %s, default URI %s%n", provider.getClass().getName(), provider.getDefaultURI());
        try (CacheManager manager = provider.getCacheManager()) {
            AtomicInteger loads = new AtomicInteger();
            MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                            new Duration(TimeUnit.MILLISECONDS, expiryMillis)))
                    .setReadThrough(true)
                    .setCacheLoaderFactory(() -> new GreetingLoader(loads))
                    .setStatisticsEnabled(true)
                    .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                            FactoryBuilder.factoryOf(new PrintingListener(out)), null, true, true));
            Cache<String, String> cache = manager.createCache(CACHE_NAME, config);
            out.printf("2. Created cache '%s' (entries expire %d ms after creation)%n", CACHE_NAME, expiryMillis);

            cache.put("en", "Hello");
            out.printf("3. get(en) = %s%n", cache.get("en"));
            out.printf("4. get(fr) = %s  (a miss: the loader ran %d time(s))%n", cache.get("fr"), loads.get());
            out.printf("5. get(fr) = %s  (now a hit: the loader still ran %d time(s))%n", cache.get("fr"), loads.get());
            cache.put("en", "Hi");
            out.printf("6. After an update, get(en) = %s%n", cache.get("en"));

            Thread.sleep(expiryMillis + 100);
            out.printf("7. After %d ms, containsKey(en) = %s%n", expiryMillis + 100, cache.containsKey("en"));
            out.printf("8. get(fr) = %s  (expired, loaded again: the loader ran %d time(s))%n", cache.get("fr"), loads.get());

            Map<String, Object> stats = statistics(manager, cache);
            out.println("9. Statistics:");
            stats.forEach((name, value) -> out.printf("     %-24s %s%n", name, value));
            return stats;
        }
    }

    private static Map<String, Object> statistics(CacheManager manager, Cache<?, ?> cache) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(
                new ObjectName("javax.cache:type=CacheStatistics,Cache=" + cache.getName() + ",*"), null);
        if (names.size() != 1) {
            throw new IllegalStateException("expected one statistics MXBean for cache " + cache.getName()
                    + " of " + manager.getURI() + ", found " + names);
        }
        ObjectName name = names.iterator().next();
        Map<String, Object> stats = new java.util.LinkedHashMap<>();
        for (String attribute : new String[] {"CacheGets", "CacheHits", "CacheMisses", "CacheHitPercentage",
                "CachePuts", "CacheRemovals", "CacheEvictions", "AverageGetTime"}) {
            stats.put(attribute, server.getAttribute(name, attribute));
        }
        return stats;
    }

    /** Pretends to fetch a greeting from a slow system of record. */
    private static final class GreetingLoader implements CacheLoader<String, String> {
        private static final Map<String, String> GREETINGS = Map.of("fr", "Bonjour", "de", "Hallo", "es", "Hola");
        private final AtomicInteger loads;

        GreetingLoader(AtomicInteger loads) {
            this.loads = loads;
        }

        @Override
        public String load(String key) {
            loads.incrementAndGet();
            return GREETINGS.get(key);
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            Map<String, String> loaded = new HashMap<>();
            for (String key : keys) {
                String value = load(key);
                if (value != null) {
                    loaded.put(key, value);
                }
            }
            return loaded;
        }
    }

    /** Prints every created, updated and expired event. */
    private static final class PrintingListener implements CacheEntryCreatedListener<String, String>,
            CacheEntryUpdatedListener<String, String>, CacheEntryExpiredListener<String, String>, Serializable {
        private final transient PrintStream out;

        PrintingListener(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
                throws CacheEntryListenerException {
            events.forEach(e -> out.printf("     event: created %s=%s%n", e.getKey(), e.getValue()));
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
                throws CacheEntryListenerException {
            events.forEach(e -> out.printf("     event: updated %s: %s -> %s%n", e.getKey(), e.getOldValue(), e.getValue()));
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events)
                throws CacheEntryListenerException {
            events.forEach(e -> out.printf("     event: expired %s%n", e.getKey()));
        }
    }
}
