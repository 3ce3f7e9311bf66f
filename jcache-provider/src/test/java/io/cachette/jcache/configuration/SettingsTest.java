package io.cachette.jcache.configuration;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed view every module reads its settings through. */
class SettingsTest {

    private final Settings memcached = Settings.of(Map.of(
            "cachette.backend", "memcached",
            "cachette.memcached.operation-timeout-ms", " 250 ",
            "cachette.memcached.tls", "TRUE",
            "cachette.memcached.unit", "milliseconds",
            "cachette.memcached.allow", "a.B, ,c.**")).scope("cachette.").scope("memcached.");

    @Test
    void scope_keepsTheKeysUnderItsPrefixRelativeToIt() {
        assertEquals("cachette.memcached.", memcached.prefix());
        assertEquals(Set.of("operation-timeout-ms", "tls", "unit", "allow"), memcached.keys());
        assertEquals("cachette.memcached.tls", memcached.name("tls"));
    }

    @Test
    void typedAccessors_parseTrimmedText() {
        assertEquals(Duration.ofMillis(250), memcached.millis("operation-timeout-ms", Duration.ZERO, 1, 1000));
        assertTrue(memcached.flag("tls", false));
        assertEquals(TimeUnit.MILLISECONDS, memcached.choice("unit", TimeUnit.class, TimeUnit.SECONDS));
        assertEquals(List.of("a.B", "c.**"), memcached.list("allow"));
    }

    @Test
    void typedAccessors_absentKey_giveTheDefault() {
        assertEquals(7, memcached.integer("connections", 7, 1, 64));
        assertFalse(memcached.flag("native", false));
        assertEquals(List.of(), memcached.list("deny"));
        assertTrue(memcached.uri("uri").isEmpty());
    }

    @Test
    void number_outOfRange_failsNamingTheFullKeyAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> memcached.integer("operation-timeout-ms", 1, 1, 100));

        assertEquals("Invalid value '250' for setting 'cachette.memcached.operation-timeout-ms'; allowed: "
                + "a whole number from 1 to 100", e.getMessage());
    }

    @Test
    void choice_unknownConstant_listsTheAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("k", "weeks")).choice("k", TimeUnit.class, TimeUnit.DAYS));

        assertTrue(e.getMessage().contains("nanoseconds"), e.getMessage());
    }

    @Test
    void flag_otherText_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("k", "yes")).flag("k", true));
    }

    @Test
    void uri_relative_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("k", "local")).uri("k"));
        assertEquals(URI.create("cachette:local"), Settings.of(Map.of("k", "cachette:local")).uri("k").orElseThrow());
    }

    @Test
    void withDefaults_fillsOnlyWhatIsMissing() {
        Settings merged = memcached.withDefaults(Map.of("tls", "false", "connections", "2"));

        assertTrue(merged.flag("tls", false));
        assertEquals(2, merged.integer("connections", 1, 1, 64));
    }

    @Test
    void requireKnown_unknownKey_failsListingTheAllowedFullNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> memcached.requireKnown(Set.of("tls", "unit", "allow")));

        assertEquals("Unknown setting 'cachette.memcached.operation-timeout-ms'; allowed keys: "
                + "cachette.memcached.allow, cachette.memcached.tls, cachette.memcached.unit", e.getMessage());
    }

    @Test
    void scoped_takesOnlyThePrefixedKeysOfAnyValueType() {
        Settings hibernate = Settings.scoped("hibernate.cache.cachette.",
                Map.of("hibernate.cache.cachette.lock_timeout_ms", 1500, "hibernate.show_sql", true));

        assertEquals(Set.of("lock_timeout_ms"), hibernate.keys());
        assertEquals(1500, hibernate.number("lock_timeout_ms", 0, 1, Long.MAX_VALUE));
    }

    @Test
    void toString_showsKeysButNoValues() {
        String text = Settings.of(Map.of("cachette.memcached.password", "secret")).toString();

        assertFalse(text.contains("secret"), text);
    }
}
