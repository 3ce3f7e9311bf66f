package io.cachette.memcached.store;

import io.cachette.testkit.MemcachedServers;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store over TLS with memcached's ASCII authentication, configured through the settings. */
class SecureMemcachedStoreTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(1).withTls().withAuthentication("bob", "pa55word");

    private Store<Object, Object> open(StoreBackend backend) {
        return backend.createStore(new StoreContext("secure", Map.of(), getClass().getClassLoader(),
                Clock.systemUTC(), StoreListener.NONE, StoreContext.UNBOUNDED, StoreContext.UNBOUNDED));
    }

    @Test
    void tlsAndCredentialsFromTheSettings_work() {
        try (StoreBackend backend = new MemcachedStoreFactory().open(URI.create(servers.uri()), Settings.of(Map.of(
                "cachette.memcached.tls", "true",
                "cachette.memcached.tls.trusted-certificates", servers.tlsCertificate().toString(),
                "cachette.memcached.username", "bob",
                "cachette.memcached.password", "pa55word",
                "cachette.memcached.operation-timeout-ms", "5000")).scope(SettingsParser.PREFIX), getClass().getClassLoader())) {
            Store<Object, Object> store = open(backend);

            store.put("k", "over TLS", StoreEntry.ETERNAL);

            assertEquals("over TLS", store.get("k").value());
        }
    }

    @Test
    void wrongPassword_readsMissAndAreCounted() {
        try (StoreBackend backend = new MemcachedStoreFactory().open(URI.create(servers.uri()), Settings.of(Map.of(
                "cachette.memcached.tls", "true",
                "cachette.memcached.tls.trusted-certificates", servers.tlsCertificate().toString(),
                "cachette.memcached.username", "bob",
                "cachette.memcached.password", "wrong",
                "cachette.memcached.operation-timeout-ms", "5000")).scope(SettingsParser.PREFIX), getClass().getClassLoader())) {
            MemcachedStore<Object, Object> store = (MemcachedStore<Object, Object>) open(backend);

            assertNull(store.get("k"));
            assertTrue(store.counters().failedReads() >= 1, store.counters().toString());
        }
    }
}
