package io.cachette.hibernate;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.results.jdbc.internal.CachedJdbcValuesMetadata;
import org.hibernate.type.BasicType;
import org.hibernate.type.StandardBasicTypes;
import org.hibernate.type.spi.TypeConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cachette.hibernate.internal.FailureLog;
import io.cachette.hibernate.internal.RegionCache;
import io.cachette.testkit.MemcachedServers;

/**
 * What a region cache on memcached gives back for a value holding Hibernate type descriptors (the column types of
 * a cached native-query result): the live instances of the SessionFactory's {@link TypeConfiguration}, which
 * Hibernate compares by identity, once the region resolves them; copies without that.
 */
class MemcachedTypeDescriptorTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(1);

    private Orm orm;
    private TypeConfiguration types;
    private Cache<Object, Object> cache;
    private BasicType<Long> longType;

    @BeforeEach
    void start() {
        Map<String, Object> settings = Orm.onMemcached(SERVERS.uri());
        orm = Orm.start(settings);
        types = orm.sessionFactory().unwrap(SessionFactoryImplementor.class).getTypeConfiguration();
        cache = orm.cacheManager().createCache("types-" + UUID.randomUUID(), new MutableConfiguration<>());
        longType = types.getBasicTypeRegistry().resolve(StandardBasicTypes.LONG);
    }

    @AfterEach
    void stop() {
        orm.close();
    }

    private CachedJdbcValuesMetadata roundTrip(RegionCache region) {
        region.putIntoCache("k", new CachedJdbcValuesMetadata(new String[] {"id"}, new BasicType<?>[] {longType},
                new int[] {0}), null);
        return (CachedJdbcValuesMetadata) region.getFromCache("k", null);
    }

    private RegionCache region() {
        return new RegionCache(cache, new FailureLog(System.getLogger("test"), Clock.systemUTC(), Duration.ofMinutes(1)));
    }

    @Test
    void read_regionResolvingTypes_givesTheLiveDescriptors() {
        RegionCache region = region();
        region.resolveTypesWith(types);

        CachedJdbcValuesMetadata read = roundTrip(region);

        assertSame(longType.getJavaTypeDescriptor(), read.getStoredJavaType(0));
        assertSame(longType, read.resolveType(1, null, types));
    }

    @Test
    void read_regionNotResolvingTypes_givesCopies() {
        CachedJdbcValuesMetadata read = roundTrip(region());

        assertNotSame(longType.getJavaTypeDescriptor(), read.getStoredJavaType(0));
    }
}
