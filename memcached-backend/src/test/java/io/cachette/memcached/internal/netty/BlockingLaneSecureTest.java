package io.cachette.memcached.internal.netty;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** With TLS or authentication configured, {@link NettyMemcachedClient#incrBlocking} never opens a lane. */
class BlockingLaneSecureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private NettyMemcachedClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private void assertAnsweredWithoutLane() {
        assertEquals(7L, client.incrBlocking("secure:head", 0, 7, 0));
        assertEquals(8L, client.incrBlocking("secure:head", 1, 7, 0));
        assertEquals(8L, BlockingMemcachedClient.join(client.incr("secure:head", 0, 7, 0)));
        assertNull(client.lane(client.serverFor("secure:head")));
        assertEquals(0, client.lanesOpened());
        assertEquals(0, client.laneAnswers());
    }

    @Nested
    class Tls {

        @RegisterExtension
        final MemcachedServers servers = MemcachedServers.start(1).withTls();

        @Test
        void tlsConfigured_laneNotUsed() throws Exception {
            client = (NettyMemcachedClient) MemcachedClient.builder().servers(ServerAddresses.of(servers))
                    .operationTimeout(TIMEOUT)
                    .tls(SslContextBuilder.forClient().trustManager(servers.tlsCertificate().toFile()).build())
                    .build();
            assertAnsweredWithoutLane();
        }
    }

    @Nested
    class Authentication {

        @RegisterExtension
        final MemcachedServers servers = MemcachedServers.start(1).withAuthentication("carol", "l4ne");

        @Test
        void credentialsConfigured_laneNotUsed() {
            client = (NettyMemcachedClient) MemcachedClient.builder().servers(ServerAddresses.of(servers))
                    .operationTimeout(TIMEOUT).authentication("carol", "l4ne").build();
            assertAnsweredWithoutLane();
        }
    }
}
