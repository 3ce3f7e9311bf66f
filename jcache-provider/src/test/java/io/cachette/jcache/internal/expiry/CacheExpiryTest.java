package io.cachette.jcache.internal.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.TestClock;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheExpiryTest {

    private final TestClock clock = new TestClock(1_000_000L);
    private final CachetteCacheManager manager = TestManagers.create(clock);

    @AfterEach
    void close() {
        manager.close();
    }

    private Cache<String, String> cache(ExpiryPolicy policy) {
        return manager.createCache("c", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(new Fixed(policy)));
    }

    @Test
    void createdExpiry_entryIsGoneOnceTheDurationPassed() {
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
        cache.put("k", "v");
        clock.advance(9_999);
        assertEquals("v", cache.get("k"));
        clock.advance(1);
        assertNull(cache.get("k"));
        assertFalse(cache.containsKey("k"));
    }

    @Test
    void zeroCreationDuration_entryIsNeverStored() {
        Cache<String, String> cache = cache(new Policy(Duration.ZERO, null, null));
        cache.put("k", "v");
        assertFalse(cache.containsKey("k"));
        assertTrue(cache.putIfAbsent("k", "v"));
        assertFalse(cache.containsKey("k"));
    }

    @Test
    void accessExpiry_eachReadExtendsTheEntry() {
        Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
        cache.put("k", "v");
        clock.advance(8_000);
        assertEquals("v", cache.get("k"));
        clock.advance(8_000);
        assertEquals("v", cache.get("k"), "the read at 8 s moved the expiry to 18 s");
        clock.advance(10_000);
        assertNull(cache.get("k"));
    }

    @Test
    void zeroAccessDuration_entryExpiresRightAfterTheRead() {
        Cache<String, String> cache = cache(new Policy(Duration.ETERNAL, Duration.ZERO, null));
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
        assertNull(cache.get("k"));
    }

    @Test
    void nullUpdateDuration_leavesTheExpiryUnchanged() {
        Cache<String, String> cache = cache(new Policy(new Duration(TimeUnit.SECONDS, 10), null, null));
        cache.put("k", "v1");
        clock.advance(6_000);
        cache.put("k", "v2");
        clock.advance(6_000);
        assertNull(cache.get("k"), "the update kept the creation expiry of 10 s");
    }

    @Test
    void updateDuration_restartsTheExpiry() {
        Duration tenSeconds = new Duration(TimeUnit.SECONDS, 10);
        Cache<String, String> cache = cache(new Policy(tenSeconds, null, tenSeconds));
        cache.put("k", "v1");
        clock.advance(6_000);
        cache.put("k", "v2");
        clock.advance(6_000);
        assertEquals("v2", cache.get("k"));
    }

    @Test
    void zeroUpdateDuration_removesTheEntry() {
        Cache<String, String> cache = cache(new Policy(Duration.ETERNAL, null, Duration.ZERO));
        cache.put("k", "v1");
        cache.put("k", "v2");
        assertFalse(cache.containsKey("k"));
    }

    @Test
    void expirySecondsProperty_expiresEntriesOfThatCache() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("cachette.cache.sessions.expiry-seconds", "5");
        CachetteCacheManager configured = TestManagers.create(java.net.URI.create("cachette:exp"), properties,
                clock, new java.util.ArrayList<>());
        try {
            Cache<String, String> cache = configured.createCache("sessions", new MutableConfiguration<>());
            cache.put("k", "v");
            clock.advance(4_999);
            assertEquals("v", cache.get("k"));
            clock.advance(1);
            assertNull(cache.get("k"));
        } finally {
            configured.close();
        }
    }

    /** A policy with fixed answers; {@code null} means "leave unchanged". */
    record Policy(Duration creation, Duration access, Duration update) implements ExpiryPolicy {
        @Override
        public Duration getExpiryForCreation() {
            return creation;
        }

        @Override
        public Duration getExpiryForAccess() {
            return access;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return update;
        }
    }

    /** Hands out one policy instance (the factory must be serializable, the policy need not be). */
    static final class Fixed implements javax.cache.configuration.Factory<ExpiryPolicy> {
        private static final long serialVersionUID = 1L;
        private final transient ExpiryPolicy policy;

        Fixed(ExpiryPolicy policy) {
            this.policy = policy;
        }

        @Override
        public ExpiryPolicy create() {
            return policy;
        }
    }
}
