package io.cachette.hibernate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.cachette.jcache.configuration.SettingsParser;
import org.junit.jupiter.api.Test;

/** Parsing and checking of the {@code hibernate.cache.cachette.*} settings. */
class RegionFactorySettingsTest {

    private static RegionFactorySettings parse(Map<String, Object> config) {
        return RegionFactorySettings.parse(config, region -> "prefix." + region,
                name -> RegionFactorySettingsTest.class.getClassLoader().getResource(name));
    }

    @Test
    void parse_nothing_givesTheDefaults() {
        RegionFactorySettings settings = parse(Map.of());

        assertNull(settings.cacheManager());
        assertNull(settings.uri());
        assertEquals(Map.of(SettingsParser.DESERIALIZATION_ALLOW, "java.io.Serializable"),
                settings.managerProperties(), "only the backend-neutral allow-list entry for Hibernate's entries");
        assertEquals(MissingCacheStrategy.CREATE, settings.missingCacheStrategy());
        assertNull(settings.missingTimestamp(), "chosen by the store");
        assertEquals(Duration.ofSeconds(60), settings.lockTimeout());
        assertEquals(Duration.ofSeconds(60), settings.failureLogInterval());
        assertEquals(10_000, settings.nearCacheMaxEntries());
    }

    @Test
    void parse_regionNearCacheSetting_keepsItsDottedName() {
        Map<String, Object> config = new HashMap<>();
        config.put("hibernate.cache.cachette.region.com.example.Book.near-cache.mode", "bounded");

        RegionFactorySettings settings = parse(config);

        assertEquals("bounded", settings.managerProperties()
                .getProperty("cachette.cache.prefix.com.example.Book.near-cache.mode"));
        assertEquals(Map.of("com.example.Book", Map.of("near-cache.mode", "bounded")), settings.regionOverrides());
    }

    @Test
    void parse_nearCacheMaxEntries_zeroTurnsTheDefaultNearTierOff() {
        assertEquals(0, parse(Map.of(RegionFactorySettings.NEAR_CACHE_MAX_ENTRIES, "0")).nearCacheMaxEntries());
    }

    @Test
    void parse_regionOverride_becomesACacheSettingOfTheQualifiedName() {
        Map<String, Object> config = new HashMap<>();
        config.put("hibernate.cache.cachette.region.com.example.Book.max-entries", " 500 ");

        RegionFactorySettings settings = parse(config);

        assertEquals("500", settings.managerProperties().getProperty("cachette.cache.prefix.com.example.Book.max-entries"));
        assertEquals(Map.of("com.example.Book", Map.of("max-entries", "500")), settings.regionOverrides());
    }

    @Test
    void parse_regionOverrideWithoutSetting_isRejected() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("hibernate.cache.cachette.region.Book", "1")));
        assertTrue(e.getMessage().contains("<region>.<setting>"), e.getMessage());
    }

    @Test
    void parse_propertiesFile_fromTheClassPath() {
        RegionFactorySettings settings = parse(Map.of(RegionFactorySettings.PROPERTIES_FILE, "cachette-test.properties"));

        assertEquals("5000", settings.managerProperties().getProperty("cachette.cache-default.max-entries"));
    }

    @Test
    void parse_deserializationAllowList_keepsTheConfiguredPatternsAndAdmitsHibernatesEntryState() {
        Map<String, Object> config = new HashMap<>();
        config.put(RegionFactorySettings.PROPERTIES_FILE, "cachette-allow-test.properties");

        assertEquals("com.example.**,java.io.Serializable", parse(config).managerProperties()
                .getProperty(SettingsParser.DESERIALIZATION_ALLOW));
    }

    @Test
    void parse_unknownSetting_isRejectedNamingItAndTheAllowedKeys() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("hibernate.cache.cachette.lock_timeout", "100")));

        assertTrue(e.getMessage().contains("hibernate.cache.cachette.lock_timeout'"), e.getMessage());
        assertTrue(e.getMessage().contains("hibernate.cache.cachette.lock_timeout_ms"), e.getMessage());
    }

    @Test
    void parse_missingPropertiesFile_isRejectedNamingIt() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(RegionFactorySettings.PROPERTIES_FILE, "nowhere.properties")));
        assertTrue(e.getMessage().contains("nowhere.properties"), e.getMessage());
    }

    @Test
    void parse_uriAndTimes() {
        RegionFactorySettings settings = parse(Map.of(
                RegionFactorySettings.URI, "memcached://127.0.0.1:11211",
                RegionFactorySettings.LOCK_TIMEOUT_MS, "1500",
                RegionFactorySettings.FAILURE_LOG_INTERVAL_MS, 250));

        assertEquals(URI.create("memcached://127.0.0.1:11211"), settings.uri());
        assertEquals(Duration.ofMillis(1500), settings.lockTimeout());
        assertEquals(Duration.ofMillis(250), settings.failureLogInterval());
    }

    @Test
    void parse_badValues_areRejectedNamingTheSetting() {
        for (Map.Entry<String, Object> bad : Map.<String, Object>of(
                RegionFactorySettings.LOCK_TIMEOUT_MS, "0",
                RegionFactorySettings.FAILURE_LOG_INTERVAL_MS, "soon",
                RegionFactorySettings.MISSING_CACHE_STRATEGY, "maybe",
                RegionFactorySettings.MISSING_TIMESTAMP, "later",
                RegionFactorySettings.URI, "not a uri",
                RegionFactorySettings.CACHE_MANAGER, "a string",
                RegionFactorySettings.NEAR_CACHE_MAX_ENTRIES, "-1").entrySet()) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void parse_missingTimestampNow() {
        assertEquals(MissingTimestampPolicy.NOW,
                parse(Map.of(RegionFactorySettings.MISSING_TIMESTAMP, "NOW")).missingTimestamp());
    }

    @Test
    void missingCacheStrategy_parsesItsExternalNames() {
        assertEquals(MissingCacheStrategy.CREATE, MissingCacheStrategy.parse("create"));
        assertEquals(MissingCacheStrategy.CREATE_WARN, MissingCacheStrategy.parse("Create-Warn"));
        assertEquals(MissingCacheStrategy.FAIL, MissingCacheStrategy.parse(" fail "));
    }
}
