package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.cache.Cache;
import javax.cache.CacheManager;

import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachette.hibernate.entities.Book;
import io.cachette.testing.LocalCacheManagers;

/**
 * On the local store every factory that can share a cache runs in this JVM, so timestamps come from the JVM's
 * clock behind one JVM-wide counter — no cache operation per session — and stay one increasing sequence across
 * factories that share a CacheManager.
 */
class LocalTimestampsTest {

    private CacheManager shared;
    private Orm first;
    private Orm second;

    @BeforeEach
    void start() {
        shared = LocalCacheManagers.fresh("local-timestamps");
        Map<String, Object> settings = Orm.defaults();
        settings.put(CachetteRegionFactory.CACHE_MANAGER, shared);
        settings.put("hibernate.hbm2ddl.auto", "create");
        first = Orm.start(settings);
        settings.put("hibernate.hbm2ddl.auto", "none");
        second = Orm.start(settings);
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
        shared.close();
    }

    private static RegionFactory regionFactory(Orm orm) {
        return orm.sessionFactory().unwrap(SessionFactoryImplementor.class).getCache().getRegionFactory();
    }

    @Test
    void nextTimestamp_fromFactoriesSharingALocalManager_isOneIncreasingSequence() {
        RegionFactory one = regionFactory(first);
        RegionFactory other = regionFactory(second);

        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long value = (i % 2 == 0 ? one : other).nextTimestamp();
            assertTrue(value > previous, value + " after " + previous);
            previous = value;
        }
    }

    @Test
    void openingSessions_onTheLocalStore_keepsNoCounterInTheTimestampsCache() {
        first.seedLibrary();
        for (int i = 0; i < 10; i++) {
            first.fromTransaction(s -> s.find(Book.class, 1L));
        }

        Cache<Object, Object> timestamps = shared.getCache(RegionFactoryTemplate.DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME);
        List<Object> keys = new ArrayList<>();
        timestamps.forEach(entry -> keys.add(entry.getKey()));
        assertTrue(keys.stream().noneMatch(key -> key.toString().contains("counter")), keys.toString());
    }
}
