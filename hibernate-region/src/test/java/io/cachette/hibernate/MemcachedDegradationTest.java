package io.cachette.hibernate;

import java.io.IOException;
import java.util.Map;

import javax.cache.CacheManager;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.MemcachedStoreCounters;
import io.cachette.testkit.MemcachedServers;

/**
 * {@link DegradationTest} on memcached with every server killed: the store answers misses and drops writes
 * without throwing (short timeouts), and the region factory reports what it absorbed; the servers come back
 * empty, on the same ports.
 */
class MemcachedDegradationTest extends DegradationTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(2);

    @Override
    Map<String, Object> settings() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.URI, servers.uri() + "?operation-timeout-ms=200&connect-timeout-ms=200");
        return settings;
    }

    @Override
    void takeCacheDown() {
        for (int i = 0; i < servers.count(); i++) {
            servers.kill(i);
        }
    }

    @Override
    void bringCacheBack() throws IOException {
        for (int i = 0; i < servers.count(); i++) {
            servers.restart(i);
        }
    }

    /** The failed reads and dropped writes the memcached stores of every region counted. */
    @Override
    long cacheFailures() {
        CacheManager manager = orm.cacheManager();
        long failures = 0;
        for (String name : manager.getCacheNames()) {
            MemcachedStoreCounters counters = manager.getCache(name).unwrap(MemcachedStore.class).counters();
            failures += counters.failedReads() + counters.droppedWrites();
        }
        return failures;
    }
}
