package io.cachette.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsParserTest {

    private static final URI LOCAL = URI.create("cachette:local");
    private final SettingsParser parser = new SettingsParser(Set.of("memcached"));

    private CachetteSettings parse(String... keyValues) {
        return parser.parse(LOCAL, properties(keyValues), new Properties(), getClass().getClassLoader());
    }

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void parse_noSettings_localBackendAndNoBounds() {
        CachetteSettings settings = parse();
        assertNull(settings.backend());
        assertEquals(CacheSettings.NONE, settings.forCache("any"));
    }

    @Test
    void parse_perCacheSettings_areResolvedForThatCache() {
        CachetteSettings settings = parse(
                "cachette.cache.users.max-entries", "100",
                "cachette.cache.users.max-bytes", "2048",
                "cachette.cache.users.expiry-seconds", "30");
        assertEquals(new CacheSettings(100L, 2048L, 30L), settings.forCache("users"));
        assertEquals(CacheSettings.NONE, settings.forCache("orders"));
        assertEquals(Set.of("users"), settings.declaredCaches());
    }

    @Test
    void parse_cacheNameWithDots_keepsTheWholeName() {
        CachetteSettings settings = parse("cachette.cache.com.example.User.max-entries", "5");
        assertEquals(5L, settings.forCache("com.example.User").maxEntries());
    }

    @Test
    void parse_cacheDefaults_applyUnlessTheCacheSetsItsOwn() {
        CachetteSettings settings = parse(
                "cachette.cache-default.max-entries", "10",
                "cachette.cache-default.expiry-seconds", "60",
                "cachette.cache.users.max-entries", "100");
        assertEquals(new CacheSettings(100L, null, 60L), settings.forCache("users"));
        assertEquals(new CacheSettings(10L, null, 60L), settings.forCache("other"));
    }

    @Test
    void parse_perCacheNearCacheKeys_declareTheCacheAndPassThrough() {
        CachetteSettings settings = parse("cachette.cache.books.v2.near-cache.max-entries", "500",
                "cachette.cache.books.v2.near-cache.mode", "anything: the backend validates it");

        assertEquals(Set.of("books.v2"), settings.declaredCaches());
        assertEquals(CacheSettings.NONE, settings.forCache("books.v2"));
        assertEquals("500", settings.all().get("cachette.cache.books.v2.near-cache.max-entries"));
    }

    @Test
    void parse_unknownPerCacheNearCacheKey_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("cachette.cache.books.near-cache.size", "5"));
        assertTrue(e.getMessage().contains("cachette.cache.books.near-cache.size"), e.getMessage());
        assertTrue(e.getMessage().contains("near-cache.{max-entries,max-bytes,mode,max-staleness-ms}"),
                e.getMessage());
    }

    @Test
    void parse_memcachedKeys_arePassedThroughUnvalidated() {
        CachetteSettings settings = parse("cachette.memcached.servers", "whatever the backend decides");
        assertEquals("whatever the backend decides", settings.all().get("cachette.memcached.servers"));
    }

    @Test
    void parse_keysOutsideTheCachetteNamespace_areIgnored() {
        CachetteSettings settings = parse("hibernate.cache.use_second_level_cache", "true");
        assertTrue(settings.all().isEmpty());
    }

    @Test
    void parse_backendOfAnInstalledFactory_isAccepted() {
        assertEquals("memcached", parse("cachette.backend", "memcached").backend());
        assertEquals("local", parse("cachette.backend", "local").backend());
    }

    @Test
    void parse_unknownBackend_failsNamingKeyAndAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("cachette.backend", "redis"));
        assertTrue(e.getMessage().contains("cachette.backend"), e.getMessage());
        assertTrue(e.getMessage().contains("local, memcached"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cachette.unknown", "cachette.cache.users", "cachette.cache.users.max-size",
            "cachette.cache-default.ttl", "cachette.local.sweep"})
    void parse_unknownKey_failsNamingTheKeyAndTheAllowedKeys(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(key, "1"));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(
                "cachette.cache.<name>.{max-entries,max-bytes,expiry-seconds,statistics,management}"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "cachette.cache.users.max-entries, 0",
            "cachette.cache.users.max-entries, -5",
            "cachette.cache.users.max-entries, ten",
            "cachette.cache.users.max-bytes, 1.5",
            "cachette.cache.users.max-bytes, 99999999999999999999",
            "cachette.cache.users.expiry-seconds, ''",
            "cachette.cache-default.max-entries, 0",
            "cachette.cache-default.expiry-seconds, forever"})
    void parse_invalidNumber_failsNamingKeyAndAllowedRange(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(key, value));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("a whole number from 1 to " + Long.MAX_VALUE), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no scheme", "relative/path", "::"})
    void parse_invalidDefaultUri_failsNamingTheKey(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("cachette.default-uri", value));
        assertTrue(e.getMessage().contains("cachette.default-uri"), e.getMessage());
        assertTrue(e.getMessage().contains("absolute URI"), e.getMessage());
    }

    @Test
    void parse_validDefaultUri_isKept() {
        assertEquals(URI.create("memcached://localhost:11211"),
                parse("cachette.default-uri", "memcached://localhost:11211").defaultUri());
    }

    @Test
    void parse_precedence_fileThenPropertiesThenSystemProperties(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cachette.properties");
        Files.writeString(file, String.join("\n",
                "cachette.cache.a.max-entries=1",
                "cachette.cache.b.max-entries=1",
                "cachette.cache.c.max-entries=1"));
        Properties given = properties("cachette.cache.b.max-entries", "2", "cachette.cache.c.max-entries", "2");
        Properties system = properties("cachette.cache.c.max-entries", "3", "java.version", "ignored");

        CachetteSettings settings = parser.parse(file.toUri(), given, system, getClass().getClassLoader());

        assertEquals(1L, settings.forCache("a").maxEntries());
        assertEquals(2L, settings.forCache("b").maxEntries());
        assertEquals(3L, settings.forCache("c").maxEntries());
    }

    @Test
    void parse_classpathUri_loadsTheResource() {
        CachetteSettings settings = parser.parse(URI.create("classpath:cachette-test.properties"), null,
                new Properties(), getClass().getClassLoader());
        assertEquals(7L, settings.forCache("fromFile").maxEntries());
        assertEquals("local", settings.backend());
    }

    @Test
    void parse_jarUri_loadsTheEntry(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("config/cachette.properties"));
            out.write("cachette.cache.fromJar.max-entries=9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        URI uri = URI.create("jar:" + jar.toUri() + "!/config/cachette.properties");

        CachetteSettings settings = parser.parse(uri, null, new Properties(), getClass().getClassLoader());

        assertEquals(9L, settings.forCache("fromJar").maxEntries());
    }

    @Test
    void parse_missingJarEntry_failsNamingIt(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("other.txt"));
            out.closeEntry();
        }
        URI uri = URI.create("jar:" + jar.toUri() + "!/absent.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(uri, null, new Properties(), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void parse_missingClasspathResource_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(URI.create("classpath:nowhere.properties"), null, new Properties(),
                        getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("nowhere.properties"), e.getMessage());
    }

    @Test
    void parse_missingFile_failsNamingIt(@TempDir Path dir) {
        URI missing = dir.resolve("absent.properties").toUri();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(missing, null, new Properties(), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void parse_invalidValueInAFile_failsLikeAnyOtherSource(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "cachette.cache.a.max-bytes=lots\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(file.toUri(), null, new Properties(), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("cachette.cache.a.max-bytes"), e.getMessage());
    }

    @Test
    void parse_statisticsAndManagement_perCacheOverTheDefault() {
        CachetteSettings settings = parse(
                "cachette.cache-default.statistics", "true",
                "cachette.cache.users.statistics", "false",
                "cachette.cache.users.management", "TRUE");
        assertEquals(new CacheSettings(null, null, null, false, true), settings.forCache("users"));
        assertEquals(new CacheSettings(null, null, null, true, null), settings.forCache("other"));
    }

    @Test
    void parse_statisticsNotAFlag_failsNamingTheKeyAndTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("cachette.cache-default.statistics", "yes"));
        assertTrue(e.getMessage().contains("cachette.cache-default.statistics"), e.getMessage());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }
}
