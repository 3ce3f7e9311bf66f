package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.MemcachedServers;

/**
 * {@link SharedCacheTest} on memcached, as two JVMs would have it: each factory with its own CacheManager (its
 * own memcached client, manager URI and region factory), sharing only the database and one memcached cluster.
 */
class MemcachedSharedCacheTest extends SharedCacheTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    private final String regionPrefix = "t" + UUID.randomUUID().toString().replace("-", "");

    @Override
    void shareCache(Map<String, Object> settings, int index) {
        settings.put("hibernate.cache.region_prefix", regionPrefix);
        // the second factory: the same cluster under another manager identity, the servers listed the other way round
        settings.put(CachetteRegionFactory.URI, index == 0 ? SERVERS.uri()
                : "memcached://" + SERVERS.hostPort(1) + "," + SERVERS.hostPort(0));
    }

    @Test
    void theTwoFactories_haveSeparateCacheManagers() {
        assertNotSame(first.cacheManager(), second.cacheManager());
    }
}
