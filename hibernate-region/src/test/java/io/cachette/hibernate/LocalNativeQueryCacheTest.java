package io.cachette.hibernate;

import java.util.Map;

/** {@link NativeQueryCacheTest} on the local store (a fresh {@code cachette:} CacheManager URI per test). */
class LocalNativeQueryCacheTest extends NativeQueryCacheTest {

    @Override
    Map<String, Object> settings() {
        return Orm.defaults();
    }
}
