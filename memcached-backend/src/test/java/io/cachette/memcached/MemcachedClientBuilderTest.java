package io.cachette.memcached;

import io.cachette.memcached.internal.routing.KetamaNodeLocator;
import io.cachette.memcached.internal.routing.NodeLocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defaults and validation of the client settings (no server needed: only the config is built). */
class MemcachedClientBuilderTest {

    private static final List<ServerAddress> SERVERS = List.of(
            ServerAddress.parse("10.0.0.1:11211"), ServerAddress.parse("10.0.0.2:11211"),
            ServerAddress.parse("10.0.0.3:11212"));

    @Test
    void defaults_areKetamaSpymemcachedFailFastOneConnection500msNativeTransport() {
        MemcachedClientConfig config = MemcachedClient.builder().servers(SERVERS).buildConfig();
        KetamaNodeLocator ring = assertInstanceOf(KetamaNodeLocator.class, config.locator());
        assertEquals(KetamaKeyFormat.SPYMEMCACHED, ring.format());
        assertEquals(FailurePolicy.FAIL_FAST, config.failurePolicy());
        assertEquals(1, config.connectionsPerServer());
        assertEquals(Duration.ofMillis(500), config.operationTimeout());
        assertEquals(1024 * 1024, config.itemSizeLimit());
        assertEquals(1024 * 1024 - MemcachedClientBuilder.ITEM_HEADER_ALLOWANCE, config.maxValueBytes());
        assertTrue(config.nativeTransport());
    }

    @Test
    void ketamaKeyFormat_option_placesKeysLikeThatRing() {
        MemcachedClientConfig config = MemcachedClient.builder().servers(SERVERS)
                .ketamaKeyFormat(KetamaKeyFormat.LIBMEMCACHED).buildConfig();
        KetamaNodeLocator expected = new KetamaNodeLocator(SERVERS, KetamaKeyFormat.LIBMEMCACHED);
        for (int i = 0; i < 1_000; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.locate(key), config.locator().locate(key));
        }
    }

    @Test
    void weights_areHandedToTheRing() {
        MemcachedClientConfig config = MemcachedClient.builder().servers(SERVERS)
                .weights(Map.of(SERVERS.get(0), 10)).buildConfig();
        KetamaNodeLocator expected = new KetamaNodeLocator(SERVERS, KetamaKeyFormat.SPYMEMCACHED,
                Map.of(SERVERS.get(0), 10));
        for (int i = 0; i < 1_000; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.locate(key), config.locator().locate(key));
        }
    }

    @Test
    void customLocator_replacesTheRing() {
        NodeLocator custom = new KetamaNodeLocator(SERVERS, KetamaKeyFormat.LIBMEMCACHED);
        assertSame(custom, MemcachedClient.builder().servers(SERVERS).locator(custom).buildConfig().locator());
    }

    @Test
    void customLocator_overOtherServers_isRejected() {
        NodeLocator other = new KetamaNodeLocator(SERVERS.subList(0, 2), KetamaKeyFormat.SPYMEMCACHED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemcachedClient.builder().servers(SERVERS).locator(other).buildConfig());
        assertTrue(e.getMessage().contains("differ"), e.getMessage());
    }

    @Test
    void invalidSettings_areRejectedNamingTheSetting() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedClient.builder().buildConfig());
        assertThrows(IllegalArgumentException.class,
                () -> MemcachedClient.builder().servers("a:1", "a:1").buildConfig());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> MemcachedClient.builder().servers(SERVERS).operationTimeout(Duration.ZERO).buildConfig());
        assertTrue(zero.getMessage().contains("operationTimeout"), zero.getMessage());
        IllegalArgumentException connections = assertThrows(IllegalArgumentException.class,
                () -> MemcachedClient.builder().servers(SERVERS).connectionsPerServer(0).buildConfig());
        assertTrue(connections.getMessage().contains("connectionsPerServer"), connections.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MemcachedClient.builder().servers(SERVERS).maxValueBytes(2 * 1024 * 1024).buildConfig());
        assertThrows(IllegalArgumentException.class, () -> MemcachedClient.builder().servers(SERVERS)
                .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)).buildConfig());
    }
}
