package io.cachette.memcached.store;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.StoreMode;
import io.cachette.testkit.MemcachedServers;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HMAC-signed entries: whoever lacks the key cannot plant values, nor move signed ones between keys. */
class SignedEntriesTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(1);

    private static final String KEY = "0123456789abcdef-shared-secret";
    private static final String NEW_KEY = "fedcba9876543210-rotated-secret";
    private final List<StoreBackend> backends = new ArrayList<>();

    @AfterEach
    void close() {
        backends.forEach(StoreBackend::close);
    }

    @SuppressWarnings("unchecked")
    private MemcachedStore<Object, Object> store(String signingKey) {
        return store(Map.of("cachette.memcached.signing-key", signingKey));
    }

    @SuppressWarnings("unchecked")
    private MemcachedStore<Object, Object> store(Map<String, String> settings) {
        StoreBackend backend = new MemcachedStoreFactory().open(URI.create(SERVERS.uri()), Settings.of(settings).scope(SettingsParser.PREFIX),
                getClass().getClassLoader());
        backends.add(backend);
        return (MemcachedStore<Object, Object>) (Store<?, ?>) backend.createStore(new StoreContext("signed",
                Map.of(), getClass().getClassLoader(), Clock.systemUTC(), StoreListener.NONE, StoreContext.UNBOUNDED,
                StoreContext.UNBOUNDED));
    }

    private MemcachedClient raw() {
        return ((MemcachedStoreBackend) backends.get(0)).client();
    }

    @Test
    void sameKey_readsWhatItSigned() {
        MemcachedStore<Object, Object> writer = store(KEY);
        MemcachedStore<Object, Object> reader = store(KEY);

        writer.put("k", List.of(1, 2), StoreEntry.ETERNAL);

        assertEquals(List.of(1, 2), reader.get("k").value());
    }

    @Test
    void unsignedOrWronglySignedEntries_areRejectedAndCountedAsSignatureFailuresOnly() {
        MemcachedStore<Object, Object> signing = store(KEY);
        store(Map.of()).put("plain", "unsigned", StoreEntry.ETERNAL);
        store("another-secret-of-16-bytes").put("other", "other key", StoreEntry.ETERNAL);

        assertNull(signing.get("plain"));
        assertNull(signing.get("other"));
        assertEquals(2, signing.counters().signatureFailures());
        assertEquals(0, signing.counters().deserializationRejections());
    }

    @Test
    void signedItemOfADeniedClass_isCountedAsADeserializationRejectionOnly() {
        MemcachedStore<Object, Object> writer = store(KEY);
        MemcachedStore<Object, Object> denying = store(Map.of("cachette.memcached.signing-key", KEY,
                "cachette.memcached.deserialization.deny", "java.util.ArrayList"));
        writer.put("list", new ArrayList<>(List.of(1, 2)), StoreEntry.ETERNAL);

        assertNull(denying.get("list"));
        assertEquals(1, denying.counters().deserializationRejections());
        assertEquals(0, denying.counters().signatureFailures());
    }

    @Test
    void signedValueCopiedUnderAnotherKey_isRejected() {
        MemcachedStore<Object, Object> signing = store(KEY);
        signing.put("a", "value of a", StoreEntry.ETERNAL);
        String namespace = "cachette:signed:" + generationOf() + ":";
        Item a = BlockingMemcachedClient.join(raw().get(namespace + "sa"));

        BlockingMemcachedClient.join(raw().store(StoreMode.SET, namespace + "sb", a.value(), a.flags(), 0, 0));

        assertNull(signing.get("b"));
        assertEquals("value of a", signing.get("a").value());
    }

    @Test
    void tamperedPayload_isRejectedAndCountedAsASignatureFailureOnly() {
        MemcachedStore<Object, Object> signing = store(KEY);
        signing.put("t", "original", StoreEntry.ETERNAL);
        String key = "cachette:signed:" + generationOf() + ":st";
        Item item = BlockingMemcachedClient.join(raw().get(key));
        byte[] bytes = item.value().clone();
        bytes[bytes.length - 1] ^= 1;

        BlockingMemcachedClient.join(raw().store(StoreMode.SET, key, bytes, item.flags(), 0, 0));

        assertNull(signing.get("t"));
        assertEquals(1, signing.counters().signatureFailures());
        assertEquals(0, signing.counters().deserializationRejections());
    }

    @Test
    void shortKey_isRejectedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store("short"));

        assertTrue(e.getMessage().contains("cachette.memcached.signing-key"), e.getMessage());
    }

    @Test
    void rotation_entriesSignedWithThePreviousKey_stillVerify() {
        MemcachedStore<Object, Object> old = store(KEY);
        old.put("r", "signed with the old key", StoreEntry.ETERNAL);
        MemcachedStore<Object, Object> rotated = store(Map.of(
                "cachette.memcached.signing-key", NEW_KEY,
                "cachette.memcached.signing-key.previous", KEY));

        assertEquals("signed with the old key", rotated.get("r").value());
    }

    @Test
    void rotation_newEntriesAreSignedWithTheNewKeyOnly() {
        MemcachedStore<Object, Object> rotated = store(Map.of(
                "cachette.memcached.signing-key", NEW_KEY,
                "cachette.memcached.signing-key.previous", KEY));
        rotated.put("n", "signed with the new key", StoreEntry.ETERNAL);

        assertNull(store(KEY).get("n"), "a JVM that has only the old key cannot read it");
        assertEquals("signed with the new key", store(NEW_KEY).get("n").value());
    }

    @Test
    void previousKeyWithoutACurrentKey_isRejectedNamingBothSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store(Map.of("cachette.memcached.signing-key.previous", KEY)));

        assertTrue(e.getMessage().contains("cachette.memcached.signing-key.previous"), e.getMessage());
    }

    private long generationOf() {
        Item counter = BlockingMemcachedClient.join(raw().get("cachette:signed:gen"));
        return Long.parseLong(new String(counter.value()).trim());
    }
}
