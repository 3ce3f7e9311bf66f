package io.cachette.memcached.store;

import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import org.junit.jupiter.api.Test;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedSettingsTest {

    private static MemcachedSettings parse(URI uri, Map<String, String> settings) {
        return MemcachedSettings.parse(uri, Settings.of(settings).scope(SettingsParser.PREFIX));
    }

    @Test
    void parse_hostListUri_keepsOrderAndDefaultsPort() {
        MemcachedSettings settings = parse(
                URI.create("memcached://10.0.0.2:11212,cache1,%5B::1%5D:11213"), Map.of());

        assertEquals(List.of(new ServerAddress("10.0.0.2", 11212), new ServerAddress("cache1", 11211),
                new ServerAddress("::1", 11213)), settings.servers());
    }

    @Test
    void parse_noSettings_givesDocumentedDefaults() {
        MemcachedSettings settings = parse(URI.create("memcached://h:1"), Map.of());

        assertEquals(Duration.ofMillis(500), settings.operationTimeout());
        assertEquals(1, settings.connectionsPerServer());
        assertTrue(settings.nativeTransport());
        assertEquals("cachette", settings.keyPrefix());
        assertEquals(FailurePolicy.FAIL_FAST, settings.failurePolicy());
        assertEquals(MemcachedSettings.Readmission.FLUSH, settings.readmission());
        assertEquals(KetamaKeyFormat.SPYMEMCACHED, settings.ketamaKeyFormat());
        assertEquals(1024 * 1024 - 512, settings.maxValueBytes());
        assertEquals(Duration.ofSeconds(1), settings.generationRefresh());
        assertTrue(settings.allowApplicationClasses());
    }

    @Test
    void parse_nearCache_offByDefault_strictWithA100msBound() {
        MemcachedSettings settings = parse(URI.create("memcached://h:1"), Map.of());

        assertFalse(settings.nearCache());
        assertEquals(0, settings.nearMaxEntries());
        assertEquals(0, settings.nearMaxBytes());
        assertEquals(io.cachette.memcached.store.internal.near.NearMode.STRICT, settings.nearMode());
        assertEquals(Duration.ofMillis(100), settings.nearMaxStaleness());
    }

    @Test
    void parse_nearCache_fromUriQueryAndProperties() {
        MemcachedSettings settings = parse(URI.create(
                "memcached://h:1?near-cache.max-entries=500&near-cache.mode=bounded&near-cache.max-staleness-ms=250"),
                Map.of("cachette.memcached.near-cache.max-bytes", "1048576"));

        assertTrue(settings.nearCache());
        assertEquals(500, settings.nearMaxEntries());
        assertEquals(1048576, settings.nearMaxBytes());
        assertEquals(io.cachette.memcached.store.internal.near.NearMode.BOUNDED, settings.nearMode());
        assertEquals(Duration.ofMillis(250), settings.nearMaxStaleness());
    }

    @Test
    void parse_nearHeadReplicas_oneByDefault_oneToEight() {
        assertEquals(1, parse(URI.create("memcached://h:1"), Map.of()).nearHeadReplicas());
        assertEquals(3, parse(URI.create("memcached://h:1?near-cache.head-replicas=3"), Map.of()).nearHeadReplicas());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(URI.create("memcached://h:1?near-cache.head-replicas=9"), Map.of()));
        assertTrue(e.getMessage().contains("near-cache.head-replicas"), e.getMessage());
    }

    @Test
    void near_perCacheSettings_overrideTheBackendsForThatCacheOnly() {
        MemcachedSettings settings = parse(URI.create("memcached://h:1?near-cache.max-entries=500"), Map.of());
        Map<String, String> manager = Map.of("cachette.cache.hot.near-cache.mode", "bounded",
                "cachette.cache.hot.near-cache.max-staleness-ms", "20",
                "cachette.cache.cold.near-cache.max-entries", "0");

        MemcachedSettings.Near hot = settings.near("hot", manager);
        assertEquals(500, hot.maxEntries());
        assertEquals(io.cachette.memcached.store.internal.near.NearMode.BOUNDED, hot.mode());
        assertEquals(Duration.ofMillis(20), hot.maxStaleness());
        assertEquals(0, settings.near("cold", manager).maxEntries());
        assertEquals(io.cachette.memcached.store.internal.near.NearMode.STRICT, settings.near("other", manager).mode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.near("hot", Map.of("cachette.cache.hot.near-cache.mode", "eventual")));
        assertTrue(e.getMessage().contains("cachette.cache.hot.near-cache.mode"), e.getMessage());
    }

    @Test
    void parse_nearCache_invalidValues_nameTheKey() {
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> parse(URI.create("memcached://h:1?near-cache.mode=eventual"), Map.of()));
        assertTrue(mode.getMessage().contains("near-cache.mode"), mode.getMessage());
        assertTrue(mode.getMessage().contains("strict, bounded"), mode.getMessage());
        IllegalArgumentException entries = assertThrows(IllegalArgumentException.class,
                () -> parse(URI.create("memcached://h:1?near-cache.max-entries=-1"), Map.of()));
        assertTrue(entries.getMessage().contains("near-cache.max-entries"), entries.getMessage());
    }

    @Test
    void parse_uriQuery_setsShortAndFullNames() {
        MemcachedSettings settings = parse(URI.create(
                "memcached://h:1?operation-timeout-ms=200&cachette.memcached.key-prefix=app&failure-policy=failover"),
                Map.of());

        assertEquals(Duration.ofMillis(200), settings.operationTimeout());
        assertEquals("app", settings.keyPrefix());
        assertEquals(FailurePolicy.FAILOVER, settings.failurePolicy());
    }

    @Test
    void parse_nativeTransportFalse_asksForNio() {
        MemcachedSettings settings = parse(URI.create("memcached://h:1?native-transport=false"),
                Map.of());

        assertFalse(settings.nativeTransport());
    }

    @Test
    void parse_settingsOverrideUriQuery() {
        MemcachedSettings settings = parse(URI.create("memcached://h:1?connections-per-server=2"),
                Map.of("cachette.memcached.connections-per-server", "4", "cachette.cache.x.max-entries", "5"));

        assertEquals(4, settings.connectionsPerServer());
    }

    @Test
    void parse_fileUri_takesServersFromSetting() {
        MemcachedSettings settings = parse(URI.create("classpath:cachette.properties"),
                Map.of("cachette.memcached.servers", "a:1, b:2"));

        assertEquals(List.of(new ServerAddress("a", 1), new ServerAddress("b", 2)), settings.servers());
    }

    @Test
    void parse_uriAndSettingListDifferentServers_failsNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.servers", "b:1")));

        assertTrue(e.getMessage().contains("cachette.memcached.servers"), e.getMessage());
    }

    @Test
    void parse_noServers_failsSayingHowToGiveThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(URI.create("cachette:local"), Map.of()));

        assertTrue(e.getMessage().contains("cachette.memcached.servers"), e.getMessage());
    }

    @Test
    void parse_unknownKey_failsListingAllowedKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.timeout", "5")));

        assertTrue(e.getMessage().contains("cachette.memcached.timeout"), e.getMessage());
        assertTrue(e.getMessage().contains("cachette.memcached.operation-timeout-ms"), e.getMessage());
    }

    @Test
    void parse_badNumber_failsNamingKeyAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.connections-per-server", "0")));

        assertTrue(e.getMessage().contains("cachette.memcached.connections-per-server"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 64"), e.getMessage());
    }

    @Test
    void parse_badEnum_failsListingAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.failure-policy", "retry")));

        assertTrue(e.getMessage().contains("fail-fast, failover"), e.getMessage());
    }

    @Test
    void parse_prefixWithSpaceOrColon_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.key-prefix", "my app")));
        assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.key-prefix", "a:b")));
    }

    @Test
    void parse_serverListedTwice_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(URI.create("memcached://a:1,a:1"), Map.of()));

        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void parse_singleIpv6HostUri_isAccepted() {
        assertEquals(List.of(new ServerAddress("::1", 11212)),
                parse(URI.create("memcached://[::1]:11212"), Map.of()).servers());
    }

    @Test
    void parse_ipv6WithoutBrackets_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedSettings.parseServers("test", "::1:11211"));
    }

    @Test
    void parse_backendNeutralAllowList_joinsTheMemcachedOne() {
        MemcachedSettings settings = parse(URI.create("memcached://a:1"),
                Map.of("cachette.deserialization.allow", "java.io.Serializable",
                        "cachette.memcached.deserialization.allow", "com.example.*"));

        assertEquals(List.of("java.io.Serializable", "com.example.*"), settings.allowPatterns());
    }

    @Test
    void parse_deserializationPatterns_areValidated() {
        MemcachedSettings settings = parse(URI.create("memcached://a:1"),
                Map.of("cachette.memcached.deserialization.allow", "com.example.*, org.acme.**",
                        "cachette.memcached.deserialization.allow-application-classes", "false"));

        assertEquals(List.of("com.example.*", "org.acme.**"), settings.allowPatterns());
        assertFalse(settings.allowApplicationClasses());
        assertThrows(IllegalArgumentException.class, () -> parse(URI.create("memcached://a:1"),
                Map.of("cachette.memcached.deserialization.deny", "com.*.Bad")));
    }

    @Test
    void parse_usernameWithoutPassword_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.username", "bob")));

        assertTrue(e.getMessage().contains("cachette.memcached.password"), e.getMessage());
    }

    @Test
    void parse_trustedCertificatesWithoutTls_orUnreadable_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> parse(URI.create("memcached://a:1"),
                Map.of("cachette.memcached.tls.trusted-certificates", "/etc/hostname")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(
                URI.create("memcached://a:1"), Map.of("cachette.memcached.tls", "true",
                        "cachette.memcached.tls.trusted-certificates", "/no/such/ca.pem")));

        assertTrue(e.getMessage().contains("cachette.memcached.tls.trusted-certificates"), e.getMessage());
    }

    @Test
    void toString_neverShowsThePassword() {
        MemcachedSettings settings = parse(URI.create("memcached://a:1"),
                Map.of("cachette.memcached.username", "bob", "cachette.memcached.password", "s3cret"));

        assertFalse(settings.toString().contains("s3cret"), settings.toString());
    }
}
