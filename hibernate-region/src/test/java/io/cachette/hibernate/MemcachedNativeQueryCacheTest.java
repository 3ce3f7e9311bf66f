package io.cachette.hibernate;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.MemcachedServers;

/** {@link NativeQueryCacheTest} on memcached; each test has its own region prefix on the shared servers. */
class MemcachedNativeQueryCacheTest extends NativeQueryCacheTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    @Override
    Map<String, Object> settings() {
        return Orm.onMemcached(SERVERS.uri());
    }
}
