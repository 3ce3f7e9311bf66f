package io.cachette.jcache.internal.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.TestClock;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheMXBeanRegistrationTest {

    private final CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void close() {
        manager.close();
    }

    private static ObjectName name(String type, String cache) throws Exception {
        return new ObjectName("javax.cache:type=" + type + ",CacheManager=cachette.test,Cache=" + cache);
    }

    @Test
    void enableStatistics_registersTheStatisticsBeanUnderTheSpecName_andCounts() throws Exception {
        Cache<String, String> cache = manager.createCache("stats", new MutableConfiguration<String, String>());
        assertFalse(server.isRegistered(name("CacheStatistics", "stats")));
        manager.enableStatistics("stats", true);
        cache.put("k", "v");
        cache.get("k");
        cache.get("absent");
        assertEquals(1L, server.getAttribute(name("CacheStatistics", "stats"), "CacheHits"));
        assertEquals(1L, server.getAttribute(name("CacheStatistics", "stats"), "CacheMisses"));
        assertEquals(1L, server.getAttribute(name("CacheStatistics", "stats"), "CachePuts"));
        manager.enableStatistics("stats", false);
        assertFalse(server.isRegistered(name("CacheStatistics", "stats")));
    }

    @Test
    void objectName_ofAManagerUriWithAQuery_isNoPattern() {
        ObjectName name = MBeans.objectName(MBeans.Type.CacheStatistics,
                "memcached://h:11211?near-cache.max-entries=10&x=*\"\\", "c?*");

        assertFalse(name.isPattern(), name.toString());
        assertEquals("memcached.//h.11211.near-cache.max-entries.10&x....", name.getKeyProperty("CacheManager"));
        assertEquals("c..", name.getKeyProperty("Cache"));
    }

    @Test
    void enableManagement_registersTheConfigurationBean_untilTheCacheCloses() throws Exception {
        manager.createCache("managed", new MutableConfiguration<String, Integer>()
                .setTypes(String.class, Integer.class).setManagementEnabled(true));
        ObjectName name = name("CacheConfiguration", "managed");
        assertTrue(server.isRegistered(name));
        assertEquals(Integer.class.getName(), server.getAttribute(name, "ValueType"));
        assertEquals(true, server.getAttribute(name, "StoreByValue"));
        manager.destroyCache("managed");
        assertFalse(server.isRegistered(name));
    }

    /**
     * A memcached manager URI lists its servers with commas, which an object name cannot hold unquoted. The name
     * is the one the JCache TCK (and the reference implementation) computes, each of {@code , : = \n} made a
     * {@code .}, not a quoted value: the TCK's management tests look the beans up under that name, also on a
     * comma URI (the memcached TCK run). Micrometer's {@code JCacheMetrics} cannot find it either way: it only
     * replaces {@code :} and so fails on the comma before any lookup (see the micrometer module).
     */
    @Test
    void enableStatistics_managerUriWithCommas_registersUnderTheTckName() throws Exception {
        CachetteCacheManager cluster = TestManagers.create(java.net.URI.create("memcached://h1:11211,h2:11212"),
                new java.util.Properties(), new TestClock(0L), new java.util.concurrent.CopyOnWriteArrayList<>());
        try {
            Cache<String, String> cache = cluster.createCache("prices",
                    new MutableConfiguration<String, String>().setStatisticsEnabled(true));
            cache.put("k", "v");
            ObjectName name = new ObjectName(
                    "javax.cache:type=CacheStatistics,CacheManager=memcached.//h1.11211.h2.11212,Cache=prices");
            assertEquals(1L, server.getAttribute(name, "CachePuts"));
        } finally {
            cluster.close();
        }
    }
}
