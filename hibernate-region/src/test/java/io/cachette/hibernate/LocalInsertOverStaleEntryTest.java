package io.cachette.hibernate;

import java.util.Map;

/** {@link InsertOverStaleEntryTest} on the local store (a fresh {@code cachette:} CacheManager URI per test). */
class LocalInsertOverStaleEntryTest extends InsertOverStaleEntryTest {

    @Override
    Map<String, Object> settings() {
        return Orm.defaults();
    }
}
