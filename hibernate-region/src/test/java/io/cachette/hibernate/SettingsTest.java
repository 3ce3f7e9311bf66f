package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import org.hibernate.cache.spi.RegionFactory;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Account;
import io.cachette.hibernate.entities.Book;
import io.cachette.hibernate.entities.Chapter;
import io.cachette.hibernate.entities.Country;
import io.cachette.hibernate.entities.Note;
import io.cachette.jcache.CachetteCache;
import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.testing.LocalCacheManagers;

/** The {@code hibernate.cache.cachette.*} settings and {@code hibernate.cache.region_prefix}. */
class SettingsTest {

    private static final String TIMESTAMPS = RegionFactory.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME;

    private static CacheManager newManager() {
        return LocalCacheManagers.fresh("settings");
    }

    @Test
    void regionPrefix_isPartOfEveryCacheName() {
        Map<String, Object> settings = Orm.defaults();
        settings.put("hibernate.cache.region_prefix", "app1");
        try (Orm orm = Orm.start(settings)) {
            CacheManager manager = orm.cacheManager();
            assertNotNull(manager.getCache("app1." + Book.class.getName()));
            assertNotNull(manager.getCache("app1." + TIMESTAMPS));
            assertNull(manager.getCache(Book.class.getName()));
        }
    }

    @Test
    void regionOverride_configuresThatRegionsCache() {
        Map<String, Object> settings = Orm.defaults();
        settings.put("hibernate.cache.region_prefix", "app2");
        settings.put(CachetteRegionFactory.REGION_PREFIX + Book.class.getName() + ".max-entries", "123");
        try (Orm orm = Orm.start(settings)) {
            CachetteCacheManager manager = orm.cacheManager().unwrap(CachetteCacheManager.class);
            assertEquals(123L, manager.settings().forCache("app2." + Book.class.getName()).maxEntries());
            assertNull(manager.settings().forCache("app2." + Note.class.getName()).maxEntries());
        }
    }

    @Test
    void regionOverride_statistics_turnsThatRegionsStatisticsOn() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.REGION_PREFIX + Book.class.getName() + ".statistics", "true");
        try (Orm orm = Orm.start(settings)) {
            CacheManager manager = orm.cacheManager();
            assertTrue(manager.getCache(Book.class.getName()).unwrap(CachetteCache.class).isStatisticsEnabled());
            assertFalse(manager.getCache(Note.class.getName()).unwrap(CachetteCache.class).isStatisticsEnabled());
        }
    }

    @Test
    void propertiesFile_isHandedToTheCacheManager() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.PROPERTIES_FILE, "cachette-test.properties");
        try (Orm orm = Orm.start(settings)) {
            CachetteCacheManager manager = orm.cacheManager().unwrap(CachetteCacheManager.class);
            assertEquals(5000L, manager.settings().forCache(Note.class.getName()).maxEntries());
        }
    }

    @Test
    void classpathUri_namesAPropertiesFileForTheCacheManager() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.URI, "classpath:cachette-test.properties");
        try (Orm orm = Orm.start(settings)) {
            CachetteCacheManager manager = orm.cacheManager().unwrap(CachetteCacheManager.class);
            assertEquals(5000L, manager.settings().forCache(Book.class.getName()).maxEntries());
            orm.seedLibrary();
            orm.stats().clear();
            orm.inTransaction(s -> {
                s.find(Book.class, 1L);
            });
            assertEquals(1, orm.stats().getSecondLevelCacheHitCount());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void timestampsCache_isUnboundedEvenWhenEveryOtherCacheIsBounded() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.PROPERTIES_FILE, "cachette-test.properties");
        try (Orm orm = Orm.start(settings)) {
            CachetteConfiguration<Object, Object> configuration = orm.cacheManager().getCache(TIMESTAMPS)
                    .getConfiguration(CachetteConfiguration.class);
            assertEquals(Long.MAX_VALUE, configuration.getMaxEntries());
            assertEquals(Long.MAX_VALUE, configuration.getMaxBytes());
        }
    }

    @Test
    void missingCacheStrategyFail_refusesToStartWithoutTheCaches() {
        CacheManager manager = newManager();
        try {
            Map<String, Object> settings = Orm.defaults();
            settings.put(CachetteRegionFactory.CACHE_MANAGER, manager);
            settings.put(CachetteRegionFactory.MISSING_CACHE_STRATEGY, "fail");

            Exception failure = assertThrows(Exception.class, () -> Orm.start(settings).close());

            assertTrue(rootMessages(failure).contains("No cache named"), rootMessages(failure));
        } finally {
            manager.close();
        }
    }

    @Test
    void missingCacheStrategyFail_startsWhenTheCachesExist() {
        CacheManager manager = newManager();
        try {
            for (Class<?> type : new Class<?>[] {Book.class, Chapter.class, Country.class, Note.class, Account.class}) {
                manager.createCache(type.getName(), new MutableConfiguration<>());
            }
            manager.createCache(Book.class.getName() + ".chapters", new MutableConfiguration<>());
            manager.createCache(Book.class.getName() + "##NaturalId", new MutableConfiguration<>());
            manager.createCache(RegionFactory.DEFAULT_QUERY_RESULTS_REGION_UNQUALIFIED_NAME, new MutableConfiguration<>());
            manager.createCache(TIMESTAMPS, new MutableConfiguration<>());
            Map<String, Object> settings = Orm.defaults();
            settings.put(CachetteRegionFactory.CACHE_MANAGER, manager);
            settings.put(CachetteRegionFactory.MISSING_CACHE_STRATEGY, "fail");

            try (Orm orm = Orm.start(settings)) {
                orm.seedLibrary();
                orm.stats().clear();
                orm.inTransaction(s -> {
                    s.find(Book.class, 1L);
                });
                assertEquals(1, orm.stats().getSecondLevelCacheHitCount());
            }
            assertTrue(!manager.isClosed(), "a supplied manager is not closed by the factory");
        } finally {
            manager.close();
        }
    }

    @Test
    void missingCacheStrategyCreateWarn_createsTheCaches() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.MISSING_CACHE_STRATEGY, "create-warn");
        try (Orm orm = Orm.start(settings)) {
            assertNotNull(orm.cacheManager().getCache(Book.class.getName()));
        }
    }

    @Test
    void invalidMissingCacheStrategy_isRejectedNamingTheSetting() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.MISSING_CACHE_STRATEGY, "sometimes");

        Exception failure = assertThrows(Exception.class, () -> Orm.start(settings).close());

        assertTrue(rootMessages(failure).contains(CachetteRegionFactory.MISSING_CACHE_STRATEGY), rootMessages(failure));
    }

    @Test
    void unknownCacheSettingInARegionOverride_isRejected() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.REGION_PREFIX + Book.class.getName() + ".max-entrys", "10");

        Exception failure = assertThrows(Exception.class, () -> Orm.start(settings).close());

        assertTrue(rootMessages(failure).contains("max-entrys"), rootMessages(failure));
    }

    private static String rootMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
