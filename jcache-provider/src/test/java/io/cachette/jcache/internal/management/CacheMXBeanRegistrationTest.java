package io.cachette.jcache.internal.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.TestClock;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheMXBeanRegistrationTest {

    /** Lets the loads of {@link GateLoader} finish; a new one per test. */
    private static volatile CountDownLatch gate = new CountDownLatch(1);
    private static final AtomicInteger LOADS = new AtomicInteger();

    private final CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void close() {
        gate.countDown();
        manager.close();
        gate = new CountDownLatch(1);
        LOADS.set(0);
    }

    private static ObjectName name(String type, String cache) throws Exception {
        return new ObjectName("javax.cache:type=" + type + ",CacheManager=cachette.test,Cache=" + cache);
    }

    private static ObjectName herdName(String cache) throws Exception {
        return new ObjectName("io.cachette:type=CacheHerd,CacheManager=cachette.test,Cache=" + cache);
    }

    /** Loads {@code "value-" + key} once the test opens the gate (at most 10 s later). */
    public static final class GateLoader implements CacheLoader<String, String>, Serializable {
        @Override
        public String load(String key) {
            LOADS.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "value-" + key;
        }

        @Override
        public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException("not used");
        }
    }

    private static MutableConfiguration<String, String> readThrough() {
        return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                .setReadThrough(true).setCacheLoaderFactory(FactoryBuilder.factoryOf(GateLoader.class));
    }

    /** Waits, at most 5 s, until attribute {@code attribute} of {@code name} is {@code expected}. */
    private void awaitAttribute(ObjectName name, String attribute, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Long.valueOf(expected).equals(server.getAttribute(name, attribute))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(attribute + " of " + name + " is " + server.getAttribute(name, attribute)
                        + ", not " + expected + " within 5 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Two threads miss one key of a read-through cache while its load is held: the herd bean shows the second
     * thread's wait and the first one's lease while the load is in flight (the attributes read the counters live),
     * and nothing else once both have the value.
     */
    @Test
    void enableStatistics_twoThreadsMissingOneKey_herdBeanShowsTheLeaseAndTheWait() throws Exception {
        Cache<String, String> cache = manager.createCache("herd", readThrough().setStatisticsEnabled(true));
        ObjectName herd = herdName("herd");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> loading = threads.submit(() -> cache.get("k"));
            awaitAttribute(herd, "LeasesWon", 1);
            Future<String> waiting = threads.submit(() -> cache.get("k"));
            awaitAttribute(herd, "Waits", 1);
            gate.countDown();

            assertEquals("value-k", loading.get(5, TimeUnit.SECONDS));
            assertEquals("value-k", waiting.get(5, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, LOADS.get());
        assertEquals(1L, server.getAttribute(herd, "LeasesWon"));
        assertEquals(1L, server.getAttribute(herd, "Waits"));
        assertEquals(0L, server.getAttribute(herd, "WaitTimeouts"));
        assertEquals(0L, server.getAttribute(herd, "StaleServed"));
    }

    @Test
    void disableStatistics_unregistersTheHerdBeanWithTheStatisticsBean() throws Exception {
        manager.createCache("herd-off", readThrough().setStatisticsEnabled(true));
        assertTrue(server.isRegistered(herdName("herd-off")));

        manager.enableStatistics("herd-off", false);

        assertFalse(server.isRegistered(herdName("herd-off")));
        assertFalse(server.isRegistered(name("CacheStatistics", "herd-off")));
    }

    @Test
    void closeCache_unregistersTheHerdBean() throws Exception {
        Cache<String, String> cache = manager.createCache("herd-closed", readThrough().setStatisticsEnabled(true));
        assertTrue(server.isRegistered(herdName("herd-closed")));

        cache.close();

        assertFalse(server.isRegistered(herdName("herd-closed")));
    }

    @Test
    void createCache_statisticsOff_registersNoHerdBean() throws Exception {
        manager.createCache("herd-never", readThrough());

        assertFalse(server.isRegistered(herdName("herd-never")));
    }

    /**
     * The JCache TCK's management tests count every bean in the {@code javax.cache} domain (two caches with
     * statistics on must make exactly two): herd control's bean lives in Cachette's domain instead.
     */
    @Test
    void enableStatistics_addsOneBeanToTheJavaxCacheDomain() throws Exception {
        manager.createCache("herd-tck", readThrough().setStatisticsEnabled(true));

        assertEquals(1, server.queryNames(new ObjectName("javax.cache:Cache=herd-tck,*"), null).size());
        assertEquals(1, server.queryNames(new ObjectName("io.cachette:Cache=herd-tck,*"), null).size());
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
