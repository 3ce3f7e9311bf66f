package io.cachette.memcached.store;

import io.cachette.memcached.store.HerdStormProcess.Mode;
import io.cachette.memcached.store.HerdStormProcess.Storm;
import io.cachette.store.HerdCounters;
import io.cachette.testkit.ChildJvm;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Herd control across real processes: this JVM and a child JVM ({@link HerdStormProcess}) each run
 * {@value #THREADS} threads that miss one key at the same wall-clock time on 3 memcached servers, the loader taking
 * {@value HerdStormProcess#LOAD_MILLIS} ms so that the two JVMs' misses overlap; the loader runs once in total,
 * through read-through {@code get} and through {@code invoke} with a loading entry processor, and once per JVM on
 * the local store, which no other JVM shares. And a winner killed mid-load holds up the others for a bounded time.
 */
class HerdControlTwoProcessesTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int THREADS = 32;
    /** How long after both JVMs are ready their storms start: time for the parent to write the go file. */
    private static final long START_DELAY_MILLIS = 300;
    /** The killed-winner test: callers in this JVM, herd.wait-ms, herd.lease-seconds. */
    private static final int KILL_CALLERS = 16;
    private static final long KILL_WAIT_MILLIS = 1_000;
    private static final int KILL_LEASE_SECONDS = 2;
    /** Room for a busy 2-core machine; the expected worst case is wait-ms + one load. */
    private static final long MARGIN_MILLIS = 3_000;

    @TempDir
    Path tempDir;

    /** The storms of both JVMs: this one's first, the child's second. */
    private List<Storm> stormInTwoJvms(URI uri, String name, Mode mode) throws Exception {
        Path goFile = tempDir.resolve("go");
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader())) {
            Cache<String, String> cache = HerdStormProcess.open(manager, name);
            ChildJvm child = ChildJvm.start(HerdStormProcess.class, mode.name().toLowerCase(java.util.Locale.ROOT),
                    uri.toString(), name, Integer.toString(THREADS), goFile.toString());
            try {
                HerdStormProcess.warmUp(cache, mode, THREADS);
                assertTrue(child.awaitOutput("ready", Duration.ofSeconds(60)), "the child JVM never got ready");
                long startAt = System.currentTimeMillis() + START_DELAY_MILLIS;
                HerdStormProcess.go(goFile, startAt);
                Storm mine = HerdStormProcess.storm(cache, mode, THREADS, HerdStormProcess.KEY, startAt);
                ChildJvm.Ended ended = child.awaitEnd();
                assertEquals(0, ended.exitCode(), ended.output());
                Storm childs = Storm.parse(ended.output());
                assertNotNull(childs, ended.output());
                System.out.println("HerdControlTwoProcessesTest " + name + ": this JVM " + mine + ", child " + childs);
                assertEquals(THREADS, mine.values(), "callers of this JVM without the value: " + mine);
                assertEquals(THREADS, childs.values(), "callers of the child JVM without the value: " + childs);
                return List.of(mine, childs);
            } finally {
                if (child.isAlive()) {
                    child.kill();
                }
            }
        }
    }

    private static URI memcached(String query) {
        return URI.create(SERVERS.uri() + "?" + query);
    }

    @Test
    void readThroughGet_32ThreadsInEachOfTwoJvmsMissingOneKey_loadItOnceInTotal() throws Exception {
        List<Storm> storms = stormInTwoJvms(memcached("herd.wait-ms=5000"), "jvms-get", Mode.GET);

        assertEquals(1, storms.get(0).loads() + storms.get(1).loads(), storms.toString());
        assertEquals(1, storms.get(0).herd().leasesWon() + storms.get(1).herd().leasesWon(), storms.toString());
        // the misses overlapped: the JVM that did not load waited for the other's load, not found its value later
        Storm loser = storms.get(0).loads() == 0 ? storms.get(0) : storms.get(1);
        assertTrue(loser.herd().waits() >= 1, "the JVMs' misses did not overlap: " + storms);
    }

    @Test
    void invokeWithALoadingProcessor_32ThreadsInEachOfTwoJvmsOnAnAbsentEntry_loadItOnceInTotal() throws Exception {
        List<Storm> storms = stormInTwoJvms(memcached("herd.wait-ms=5000"), "jvms-invoke", Mode.INVOKE);

        assertEquals(1, storms.get(0).loads() + storms.get(1).loads(), storms.toString());
        assertEquals(1, storms.get(0).herd().leasesWon() + storms.get(1).herd().leasesWon(), storms.toString());
        Storm loser = storms.get(0).loads() == 0 ? storms.get(0) : storms.get(1);
        assertTrue(loser.herd().waits() >= 1, "the JVMs' misses did not overlap: " + storms);
    }

    @Test
    void readThroughGet_onTheLocalStore_loadsOncePerJvm() throws Exception {
        List<Storm> storms = stormInTwoJvms(URI.create("cachette:local"), "jvms-local-get", Mode.GET);

        assertEquals(1, storms.get(0).loads(), storms.toString());
        assertEquals(1, storms.get(1).loads(), storms.toString());
    }

    @Test
    void invokeWithALoadingProcessor_onTheLocalStore_loadsOncePerJvm() throws Exception {
        List<Storm> storms = stormInTwoJvms(URI.create("cachette:local"), "jvms-local-invoke", Mode.INVOKE);

        assertEquals(1, storms.get(0).loads(), storms.toString());
        assertEquals(1, storms.get(1).loads(), storms.toString());
    }

    /**
     * The child JVM wins the lease of the key and is killed (SIGKILL) in its loader. Its lease, an empty
     * placeholder with a TTL of {@code herd.lease-seconds} = 2 s, outlives it: memcached knows nothing of who holds
     * it. Then {@value #KILL_CALLERS} threads of this JVM miss the key: one of them (the others wait for it in this
     * JVM) reads the placeholder as another caller's load and looks again at 2..50 ms for up to
     * {@code herd.wait-ms} = 1 s. Either memcached expires the placeholder meanwhile (1 to 2 s after it was set: its
     * clock ticks in whole seconds) and that caller's next read wins a new lease ({@code leasesWon} 1), or the wait
     * runs out first and it loads without one ({@code waitTimeouts} 1; its write replaces the placeholder through
     * its CAS). Which of the two depends on how long the kill took; either way the key is loaded once here and no
     * caller waits longer than wait-ms + one load, bounded here by wait-ms + lease-seconds + a margin for a busy
     * machine.
     */
    @Test
    void winnerKilledMidLoad_callersOfTheOtherJvmLoadAfterABoundedWait() throws Exception {
        URI uri = memcached("herd.wait-ms=" + KILL_WAIT_MILLIS + "&herd.lease-seconds=" + KILL_LEASE_SECONDS);
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader())) {
            Cache<String, String> cache = HerdStormProcess.open(manager, "jvms-killed");
            cache.put("seed", "x"); // the cache's generation exists before the child looks it up
            ChildJvm child = ChildJvm.start(HerdStormProcess.class, "hang", uri.toString(), "jvms-killed", "1",
                    tempDir.resolve("unused").toString());
            ChildJvm.Ended killed;
            try {
                assertTrue(child.awaitOutput("loading", Duration.ofSeconds(60)), "the child JVM never won the lease");
            } finally {
                killed = child.kill();
            }
            assertNotEquals(0, killed.exitCode(), killed.output());
            assertFalse(killed.output().contains("not killed"), killed.output());
            int loadsBefore = HerdStormProcess.LOADS.get();
            HerdCounters before = HerdStormProcess.herd(cache);

            ExecutorService threads = Executors.newFixedThreadPool(KILL_CALLERS);
            try {
                List<Future<Long>> callers = new ArrayList<>();
                for (int i = 0; i < KILL_CALLERS; i++) {
                    Callable<Long> caller = () -> {
                        long start = System.nanoTime();
                        assertEquals("value-" + HerdStormProcess.KEY, cache.get(HerdStormProcess.KEY));
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    };
                    callers.add(threads.submit(caller));
                }
                long slowest = 0;
                for (Future<Long> caller : callers) {
                    slowest = Math.max(slowest, caller.get(30, TimeUnit.SECONDS));
                }
                HerdCounters after = HerdStormProcess.herd(cache);
                long leasesWon = after.leasesWon() - before.leasesWon();
                long waitTimeouts = after.waitTimeouts() - before.waitTimeouts();
                System.out.println("HerdControlTwoProcessesTest winner killed: slowest caller " + slowest
                        + " ms, new leases won " + leasesWon + ", waits that ran out " + waitTimeouts);

                assertEquals(1, HerdStormProcess.LOADS.get() - loadsBefore);
                assertEquals(1, leasesWon + waitTimeouts, after.toString());
                long bound = KILL_WAIT_MILLIS + TimeUnit.SECONDS.toMillis(KILL_LEASE_SECONDS) + MARGIN_MILLIS;
                assertTrue(slowest <= bound, "a caller waited " + slowest + " ms, more than " + bound + " ms");
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
