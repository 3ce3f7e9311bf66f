package io.cachette.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.testing.TestClock;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachetteCacheManagerTest {

    private final List<StoreContext> contexts = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(1_000_000L);
    private CachetteCacheManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    private CachetteCacheManager manager(URI uri, String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        manager = TestManagers.create(uri, properties, clock, contexts);
        return manager;
    }

    private StoreContext contextOf(String cacheName) {
        return contexts.stream().filter(c -> c.cacheName().equals(cacheName)).findFirst().orElseThrow();
    }

    @Test
    void createCache_perCacheProperties_boundTheStore() {
        manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "100",
                "cachette.cache.users.max-bytes", "4096");
        manager.createCache("users", new MutableConfiguration<String, String>());
        assertEquals(100L, contextOf("users").maxEntries());
        assertEquals(4096L, contextOf("users").maxBytes());
    }

    @Test
    void createCache_undeclaredCache_getsTheDefaultsOrNoBound() {
        manager(URI.create("cachette:a"), "cachette.cache-default.max-entries", "50");
        manager.createCache("other", new MutableConfiguration<String, String>());
        assertEquals(50L, contextOf("other").maxEntries());
        assertEquals(StoreContext.UNBOUNDED, contextOf("other").maxBytes());
    }

    @Test
    void createCache_cachetteConfiguration_winsOverProperties() {
        manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "100",
                "cachette.cache.users.max-bytes", "4096");
        manager.createCache("users", new CachetteConfiguration<String, String>().setMaxEntries(5L));
        assertEquals(5L, contextOf("users").maxEntries());
        assertEquals(4096L, contextOf("users").maxBytes(), "unset in the configuration: the property applies");
    }

    @Test
    void createCache_expirySecondsProperty_becomesAModifiedExpiryPolicy() {
        manager(URI.create("cachette:a"), "cachette.cache.sessions.expiry-seconds", "30");
        Cache<String, String> cache = manager.createCache("sessions", new MutableConfiguration<String, String>());
        @SuppressWarnings("unchecked")
        CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
        ModifiedExpiryPolicy policy = assertInstanceOf(ModifiedExpiryPolicy.class,
                configuration.getExpiryPolicyFactory().create());
        assertEquals(new Duration(TimeUnit.SECONDS, 30), policy.getExpiryForCreation());
    }

    @Test
    void createCache_explicitExpiryPolicy_winsOverExpirySecondsProperty() {
        manager(URI.create("cachette:a"), "cachette.cache.sessions.expiry-seconds", "30");
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_MINUTE));
        Cache<String, String> cache = manager.createCache("sessions", configuration);
        @SuppressWarnings("unchecked")
        CompleteConfiguration<String, String> actual = cache.getConfiguration(CompleteConfiguration.class);
        assertInstanceOf(CreatedExpiryPolicy.class, actual.getExpiryPolicyFactory().create());
    }

    @Test
    void getCache_declaredInProperties_isCreatedOnFirstUse() {
        manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "100");
        Cache<Object, Object> cache = manager.getCache("users");
        assertNotNull(cache);
        assertEquals(100L, contextOf("users").maxEntries());
        assertEquals(cache, manager.getCache("users"));
    }

    @Test
    void getCache_undeclaredAndNotCreated_isNull() {
        manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "100");
        assertNull(manager.getCache("orders"));
    }

    @Test
    void classpathUri_settingsComeFromTheFile_andGivenPropertiesOverrideThem() {
        manager(URI.create("classpath:cachette-test.properties"), "cachette.cache.overridden.max-entries", "9");
        manager.createCache("fromFile", new MutableConfiguration<>());
        manager.createCache("overridden", new MutableConfiguration<>());
        assertEquals(7L, contextOf("fromFile").maxEntries());
        assertEquals(9L, contextOf("overridden").maxEntries());
    }

    @Test
    void newManager_invalidProperty_failsWithIllegalArgumentException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "many"));
        assertTrue(e.getMessage().contains("cachette.cache.users.max-entries"), e.getMessage());
    }

    @Test
    void createCache_byReferenceOnABackendThatCopies_isAcceptedAndReportedAsConfigured() {
        manager = TestManagers.create(URI.create("cachette:a"), new Properties(), clock, contexts,
                StoreCapabilities.REMOTE);
        Cache<String, String> cache = manager.createCache("c",
                new MutableConfiguration<String, String>().setStoreByValue(false));
        @SuppressWarnings("unchecked")
        CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
        // what createCache accepted is what the configuration (and its MXBean) reports, as the TCK's
        // CacheMXBeanTest expects; the backend serializes every value all the same
        assertFalse(configuration.isStoreByValue());
    }

    @Test
    void createCache_sameNameTwice_failsWithCacheException() {
        manager(URI.create("cachette:a"));
        manager.createCache("c", new MutableConfiguration<>());
        assertThrows(CacheException.class, () -> manager.createCache("c", new MutableConfiguration<>()));
    }

    @Test
    void close_closesEveryCacheAndRejectsFurtherUse() {
        manager(URI.create("cachette:a"));
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<>());
        manager.close();
        assertTrue(cache.isClosed());
        assertThrows(IllegalStateException.class, () -> cache.get("k"));
        assertThrows(IllegalStateException.class, () -> manager.getCache("c"));
    }

    @Test
    void createCache_statisticsSettingTrue_turnsStatisticsOnOverTheJCacheDefault() {
        manager(URI.create("cachette:a"), "cachette.cache-default.statistics", "true");
        Cache<String, String> cache = manager.createCache("prices", new MutableConfiguration<String, String>());

        cache.put("k", "v");
        cache.get("k");

        @SuppressWarnings("unchecked")
        CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
        assertTrue(configuration.isStatisticsEnabled());
        CachetteCache<?, ?> cachette = cache.unwrap(CachetteCache.class);
        assertEquals(1, cachette.statistics().getCacheHits());
        assertEquals(1, cachette.statistics().getCachePuts());
    }

    @Test
    void createCache_statisticsSettingFalseForTheCache_leavesTheConfigurationsChoice() {
        manager(URI.create("cachette:a"), "cachette.cache-default.statistics", "true",
                "cachette.cache.quiet.statistics", "false");
        Cache<String, String> quiet = manager.createCache("quiet", new MutableConfiguration<String, String>());
        Cache<String, String> counted = manager.createCache("counted",
                new MutableConfiguration<String, String>().setStatisticsEnabled(true));

        assertFalse(quiet.unwrap(CachetteCache.class).isStatisticsEnabled());
        assertTrue(counted.unwrap(CachetteCache.class).isStatisticsEnabled());
    }

    @Test
    void getCache_declaredWithManagement_hasManagementEnabled() {
        manager(URI.create("cachette:a"), "cachette.cache.users.management", "true");
        Cache<Object, Object> cache = manager.getCache("users");
        @SuppressWarnings("unchecked")
        CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
        assertTrue(configuration.isManagementEnabled());
        assertFalse(configuration.isStatisticsEnabled());
    }

    @Test
    void onCacheCreated_createdAndDeclaredCaches_areReportedUntilClosed() throws Exception {
        manager(URI.create("cachette:a"), "cachette.cache.users.max-entries", "10");
        List<String> created = new CopyOnWriteArrayList<>();
        AutoCloseable registration = manager.onCacheCreated(cache -> created.add(cache.getName()));

        manager.createCache("orders", new MutableConfiguration<>());
        manager.getCache("users");
        manager.getCache("users");
        registration.close();
        manager.createCache("later", new MutableConfiguration<>());

        assertEquals(List.of("orders", "users"), created);
    }

    @Test
    void estimatedSize_localStore_countsTheEntries() {
        manager(URI.create("cachette:a"));
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
        cache.put("a", "1");
        cache.put("b", "2");
        assertEquals(2, cache.unwrap(CachetteCache.class).estimatedSize());
    }
}
