package io.cachette.hibernate;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.testkit.MemcachedServers;

/** {@link InsertOverStaleEntryTest} on memcached; each test has its own region prefix on the shared servers. */
class MemcachedInsertOverStaleEntryTest extends InsertOverStaleEntryTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(2);

    @Override
    Map<String, Object> settings() {
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.URI, SERVERS.uri());
        settings.put("hibernate.cache.region_prefix", "t" + UUID.randomUUID().toString().replace("-", ""));
        return settings;
    }
}
