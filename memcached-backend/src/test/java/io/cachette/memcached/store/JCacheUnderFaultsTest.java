package io.cachette.memcached.store;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A memcached JCache cache under a concurrent load (4 threads of get / put / invoke / remove on versioned values)
 * while one of three servers is SIGKILLed and restarted (or SIGSTOPped and resumed): reads never throw, the dead server's writes are
 * counted and handled per failure policy, the other servers' keys keep working, the restarted server is
 * served again, and no value older than one confirmed written (or removed) is ever read.
 *
 * <p>Each key's writes come from one owner thread, with versions that only increase; after a write or removal
 * returns, the key's {@code floor} rises, and any reader (of any thread) that started after that and gets a
 * version below the floor has read a stale value.
 */
class JCacheUnderFaultsTest {

    private static final int THREADS = 4;
    private static final int KEYS = 64;
    private static final long LOAD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(12);
    private static final long READMISSION_LIMIT_MILLIS = 5_000;

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(3);

    private CacheManager manager;
    /** Finds where the store's keys live (see {@link StoreKeys}). */
    private MemcachedClient client;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** How the victim server fails: a killed server comes back empty, a stalled one with its old contents. */
    private enum Fault { KILL, STALL }

    @Test
    void failFast_killAndRestartUnderLoad_readsMissWritesAreDroppedAndNothingStaleIsRead() throws Exception {
        run("fail-fast", Fault.KILL);
    }

    @Test
    void failover_killAndRestartUnderLoad_keysMoveAndNothingStaleIsRead() throws Exception {
        run("failover", Fault.KILL);
    }

    @Test
    void failFast_stallAndResumeUnderLoad_theValueHeldBeforeTheStallNeverComesBack() throws Exception {
        run("fail-fast", Fault.STALL);
    }

    @Test
    void failover_stallAndResumeUnderLoad_theValueHeldBeforeTheStallNeverComesBack() throws Exception {
        run("failover", Fault.STALL);
    }

    @Test
    void failover_twoStallsUnderLoad_theCopiesLeftByTheFirstNeverComeBackInTheSecond() throws Exception {
        run("failover", Fault.STALL, 2);
    }

    private void run(String policy, Fault fault) throws Exception {
        run(policy, fault, 1);
    }

    /** Runs the load through {@code outages} faults of the same server, each followed by its return. */
    private void run(String policy, Fault fault, int outages) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("cachette.memcached.failure-policy", policy);
        properties.setProperty("cachette.memcached.failure-threshold", "1");
        properties.setProperty("cachette.memcached.operation-timeout-ms", "1000");
        manager = Caching.getCachingProvider().getCacheManager(URI.create(servers.uri()),
                getClass().getClassLoader(), properties);
        String cacheName = "faults-" + policy + "-" + fault.name().toLowerCase(java.util.Locale.ROOT);
        Cache<String, Long> cache = manager.createCache(cacheName,
                new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        @SuppressWarnings("unchecked")
        MemcachedStore<String, Long> store = cache.unwrap(MemcachedStore.class);
        cache.put("warm-up", 0L); // seeds the generation counter

        int victim = victimServer(cacheName);
        client = MemcachedClient.builder().servers(ServerAddresses.of(servers)).build();
        StoreKeys keys = new StoreKeys(client, cacheName);
        ServerAddress victimAddress = address(keys, victim);
        String probe = keyOn(keys, victimAddress, "probe-", true);
        String fresh = keyOn(keys, victimAddress, "fresh-", true);
        Load load = new Load(cache, keys, victimAddress);
        load.start();
        try {
            Thread.sleep(500);
            for (int outage = 1; outage <= outages; outage++) {
                cache.put(probe, 1L);
                assertEquals(1L, cache.get(probe), "probe written before the kill");
                MemcachedStoreCounters before = store.counters();

                if (fault == Fault.KILL) {
                    servers.kill(victim);
                } else {
                    servers.pause(victim);
                }

                if (policy.equals("failover")) {
                    assertTrue(eventually(5_000, () -> {
                        cache.put(probe, 2L);
                        return Long.valueOf(2L).equals(cache.get(probe));
                    }), "with failover the dead server's key moves to another server");
                    cache.remove(probe); // removed while its server is down: version 1 and 2 must never come back
                    assertNull(cache.get(probe));
                } else {
                    assertTrue(eventually(5_000, () -> {
                        cache.put(probe, 2L);
                        return cache.get(probe) == null && store.counters().droppedWrites() > before.droppedWrites();
                    }), "with fail-fast the dead server's writes are dropped and its reads miss");
                    cache.remove(probe);
                    assertNull(cache.get(probe));
                }
                Thread.sleep(700); // the load runs against the dead server

                MemcachedStoreCounters down = store.counters();
                if (policy.equals("fail-fast")) {
                    assertTrue(down.failedReads() > before.failedReads(), "reads of the dead server's keys are counted"
                            + " as failed: " + before + " -> " + down);
                    assertTrue(down.droppedWrites() > before.droppedWrites(), "writes routed to the dead server are "
                            + "counted as dropped: " + before + " -> " + down);
                }

                if (fault == Fault.KILL) {
                    servers.restart(victim);
                } else {
                    servers.resume(victim); // it still holds the probe's version 1 and the load's old versions
                }
                long restartedAt = System.nanoTime();
                boolean readmitted = eventually(10_000, () -> {
                    long v = System.nanoTime();
                    cache.put(fresh, v);
                    return Long.valueOf(v).equals(cache.get(fresh));
                });
                long readmissionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
                assertTrue(readmitted, "the restarted server's keys are served again");
                assertTrue(readmissionMillis <= READMISSION_LIMIT_MILLIS,
                        "re-admitted after " + readmissionMillis + " ms, expected at most " + READMISSION_LIMIT_MILLIS);
                assertEquals(address(keys, victim), keys.serverOf(fresh), "the key is back on its own server");
                Long afterReturn = cache.get(probe);
                assertNotEquals(1L, afterReturn, "the value written before the fault came back");
                assertNull(afterReturn, "the probe was removed while its server was down");
                load.readmitted = true;

                Thread.sleep(700); // the load runs against the re-admitted server
            }
        } finally {
            load.stop();
        }
        load.assertClean();
        assertTrue(load.victimReadsAfterReadmission.get() > 0, "the load read the re-admitted server's keys");
    }

    /** A server that does not hold the cache's generation counter, so that it can fail alone. */
    private int victimServer(String cacheName) throws IOException {
        for (int i = 0; i < servers.count(); i++) {
            if (!servers.command(i, "get cachette:" + cacheName + ":gen").startsWith("VALUE")) {
                return i;
            }
        }
        throw new AssertionError("every server holds the generation counter");
    }

    private ServerAddress address(StoreKeys keys, int index) {
        for (int i = 0; ; i++) {
            ServerAddress server = keys.serverOf("locate-" + i);
            if (server.port() == servers.port(index)) {
                return server;
            }
        }
    }

    private static String keyOn(StoreKeys keys, ServerAddress server, String prefix,
                                boolean on) {
        for (int i = 0; ; i++) {
            if (keys.serverOf(prefix + i).equals(server) == on) {
                return prefix + i;
            }
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean eventually(long millis, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    /** The concurrent load: its threads record every violation instead of throwing. */
    private static final class Load {
        private final Cache<String, Long> cache;
        private final String[] keys = new String[KEYS];
        private final boolean[] onVictim = new boolean[KEYS];
        /** Per key: the lowest version a read starting now may return. */
        private final AtomicLongArray floor = new AtomicLongArray(KEYS);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        private final LongAdder operations = new LongAdder();
        private final LongAdder writeErrors = new LongAdder();
        private final AtomicLong victimReadsAfterReadmission = new AtomicLong();
        private volatile boolean readmitted;

        Load(Cache<String, Long> cache, StoreKeys placement, ServerAddress victim) {
            this.cache = cache;
            for (int k = 0; k < KEYS; k++) {
                keys[k] = "load-" + k;
                onVictim[k] = placement.serverOf(keys[k]).equals(victim);
            }
        }

        void start() {
            long deadline = System.nanoTime() + LOAD_LIMIT_NANOS;
            for (int t = 0; t < THREADS; t++) {
                int owner = t;
                Thread thread = new Thread(() -> work(owner, deadline), "load-" + t);
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.NANOSECONDS.toMillis(LOAD_LIMIT_NANOS) + 5_000);
                if (thread.isAlive()) {
                    violations.add(thread.getName() + " did not stop");
                }
            }
        }

        void assertClean() {
            assertTrue(violations.isEmpty(), violations.size() + " violations in " + operations.sum()
                    + " operations (" + writeErrors.sum() + " write errors), first: "
                    + violations.stream().limit(10).toList());
            assertTrue(operations.sum() > 100, "the load ran: " + operations.sum() + " operations");
        }

        private void work(int owner, long deadline) {
            long[] versions = new long[KEYS]; // the owner's last version per key; its keys are k % THREADS == owner
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get() && System.nanoTime() < deadline) {
                int k = random.nextInt(KEYS);
                int dice = random.nextInt(100);
                try {
                    if (k % THREADS == owner && dice < 50) {
                        write(k, dice, ++versions[k]);
                    } else {
                        read(k);
                    }
                    operations.increment();
                } catch (RuntimeException e) {
                    violations.add(Thread.currentThread().getName() + ": " + e);
                }
            }
        }

        private void read(int k) {
            long min = floor.get(k);
            Long value;
            try {
                value = cache.get(keys[k]);
            } catch (RuntimeException e) {
                violations.add("read of " + keys[k] + " threw " + e);
                return;
            }
            check(k, min, value, "get");
            if (onVictim[k] && value != null && readmitted) {
                victimReadsAfterReadmission.incrementAndGet();
            }
        }

        private void write(int k, int dice, long version) {
            String key = keys[k];
            try {
                if (dice < 30) {
                    cache.put(key, version);
                    floor.accumulateAndGet(k, version, Math::max);
                    if (!onVictim[k]) {
                        Long back = cache.get(key);
                        if (back == null || back != version) {
                            violations.add("healthy key " + key + " read " + back + " right after put " + version);
                        }
                    }
                } else if (dice < 45) {
                    long min = floor.get(k);
                    Long previous = cache.invoke(key, (entry, args) -> {
                        Long old = entry.getValue();
                        entry.setValue(version);
                        return old;
                    });
                    check(k, min, previous, "invoke");
                    floor.accumulateAndGet(k, version, Math::max);
                } else {
                    cache.remove(key);
                    floor.accumulateAndGet(k, version, Math::max); // every earlier version is gone
                }
            } catch (CacheException e) {
                writeErrors.increment(); // outcome unknown: the floor stays, no confirmed write
            }
        }

        private void check(int k, long min, Long value, String operation) {
            if (value != null && value < min) {
                violations.add("STALE " + operation + " of " + keys[k] + ": read " + value + " after " + min
                        + " was confirmed");
            }
        }
    }
}
