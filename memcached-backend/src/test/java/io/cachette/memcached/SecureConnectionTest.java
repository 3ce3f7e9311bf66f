package io.cachette.memcached;

import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS ({@code memcached -Z}, a throwaway self-signed certificate made at test time) and memcached's ASCII
 * authentication ({@code -Y}) against real servers: the client works through them, and refuses — with a typed,
 * readable error — what it must refuse.
 */
class SecureConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private MemcachedClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(CompletionException.class, future::join).getCause();
    }

    private static SslContext trusting(MemcachedServers servers) throws SSLException {
        return SslContextBuilder.forClient().trustManager(servers.tlsCertificate().toFile()).build();
    }

    private void assertWorks() {
        client.set("secure:a", bytes("one"), 7, 0).join();
        client.set("secure:b", bytes("two"), 0, 0).join();
        Item item = client.get("secure:a").join();
        assertArrayEquals(bytes("one"), item.value());
        assertEquals(7, item.flags());
        Map<String, Item> both = client.getMulti(List.of("secure:a", "secure:b", "secure:none")).join();
        assertEquals(2, both.size());
    }

    /**
     * The key dump runs on a connection of its own, which must do TLS / authenticate too. A dump is a snapshot
     * that can miss an item moving between LRU lists, hence a few (bounded) tries.
     */
    private void assertListed(ServerAddress server, String key) {
        boolean listed = false;
        for (int attempt = 0; attempt < 20 && !listed; attempt++) {
            listed = client.keys(server).join().contains(key);
        }
        assertTrue(listed, key + " never listed by " + server);
    }

    @Nested
    class Tls {

        @RegisterExtension
        final MemcachedServers servers = MemcachedServers.start(2).withTls();

        @Test
        void clientTrustingTheServersCertificate_worksOverTls_includingTheKeyDumpConnection() throws Exception {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT)
                    .tls(trusting(servers)).build();
            assertWorks();
            ServerAddress owner = client.serverFor("secure:a");
            assertListed(owner, "secure:a");
            assertEquals("OK", servers.command(0, "flush_all"), "the fixture speaks TLS too");
        }

        @Test
        void plainClient_againstTlsServers_neverComesUp_andFailsFastTyped() {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(Duration.ofSeconds(1))
                    .build();
            assertTrue(client.metrics().stream().allMatch(m -> m.state() == ServerState.DOWN),
                    client.metrics()::toString);
            assertInstanceOf(MemcachedServerDownException.class, failure(client.get("secure:a")));
        }

        @Test
        void certificateNotTrusted_handshakeFails_serverStaysDown_andTheErrorSaysTls() throws Exception {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT)
                    .tls(SslContextBuilder.forClient().build()) // the JDK's CAs: a self-signed cert is refused
                    .build();
            assertTrue(client.metrics().stream().allMatch(m -> m.state() == ServerState.DOWN),
                    client.metrics()::toString);
            Throwable failure = failure(client.get("secure:a"));
            assertInstanceOf(MemcachedServerDownException.class, failure);
            assertTrue(failure.getMessage().contains("TLS handshake"), failure.getMessage());
        }

        @Test
        void serverSideContext_isRejectedByTheBuilder() throws Exception {
            SslContext server = SslContextBuilder.forServer(
                    servers.tlsCertificate().resolveSibling("cert.pem").toFile(),
                    servers.tlsCertificate().resolveSibling("key.pem").toFile()).build();
            MemcachedClientBuilder builder = MemcachedClient.builder().servers(ServerAddresses.of(servers)).tls(server);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::buildConfig);
            assertTrue(e.getMessage().contains("forClient"), e.getMessage());
        }
    }

    @Nested
    class Authentication {

        @RegisterExtension
        final MemcachedServers servers = MemcachedServers.start(2).withAuthentication("alice", "s3cret");

        @Test
        void rightCredentials_everyConnectionAuthenticates_andWorks() {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT)
                    .connectionsPerServer(2).authentication("alice", "s3cret").build();
            assertWorks();
            assertListed(client.serverFor("secure:b"), "secure:b");
        }

        @Test
        void wrongPassword_buildSucceeds_operationsFailWithAuthenticationError_namingTheUserNotThePassword() {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT)
                    .authentication("alice", "wrong-password").build();
            Throwable failure = failure(client.get("secure:a"));
            assertInstanceOf(MemcachedAuthenticationException.class, failure);
            assertTrue(failure.getMessage().contains("refused the credentials of user 'alice'"), failure.getMessage());
            assertFalse(failure.getMessage().contains("wrong-password"), failure.getMessage());
        }

        @Test
        void noCredentials_againstAnAuthenticatingServer_failsWithAuthenticationErrorThatSaysWhatToConfigure() {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT).build();
            Throwable failure = failure(client.set("secure:a", bytes("x"), 0, 0));
            assertInstanceOf(MemcachedAuthenticationException.class, failure);
            assertTrue(failure.getMessage().contains("requires authentication"), failure.getMessage());
        }

        @Test
        void credentials_withSpacesOrControlCharacters_areRejectedAtTheBuilder_andNeverPrinted() {
            assertThrows(IllegalArgumentException.class,
                    () -> MemcachedClient.builder().authentication("al ice", "pw"));
            assertThrows(IllegalArgumentException.class,
                    () -> MemcachedClient.builder().authentication("alice", "pw\r\nflush_all"));
            assertThrows(IllegalArgumentException.class, () -> MemcachedClient.builder().authentication("a:b", "pw"));
            assertFalse(new MemcachedCredentials("alice", "s3cret").toString().contains("s3cret"));
        }
    }

    @Nested
    class TlsAndAuthentication {

        @RegisterExtension
        final MemcachedServers servers = MemcachedServers.start(1).withTls().withAuthentication("bob", "pa55word");

        @Test
        void bothTogether_work() throws Exception {
            client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).operationTimeout(TIMEOUT)
                    .tls(trusting(servers)).authentication("bob", "pa55word").build();
            assertWorks();
            assertEquals("OK", servers.command(0, "flush_all"));
        }
    }
}
