package io.cachette.hibernate;

import java.util.Map;

/** {@link EvictionTest} on the local store (a fresh {@code cachette:} CacheManager URI per test). */
class LocalEvictionTest extends EvictionTest {

    @Override
    Map<String, Object> settings() {
        return Orm.defaults();
    }
}
