package io.cachette.memcached.store.internal.near;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.internal.netty.BlockingIncrement;
import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.NearCacheCounters;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Copies of the change-feed head ({@code near-cache.head-replicas}) against three real memcached servers: where
 * the copies land, that a writer raises them all before its change is acknowledged, that R = 1 sends what a single
 * head always sent, and that a copy deleted or set back behind a reader's back is a gap, never a stale read.
 */
class HeadReplicasTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final long MAX_RUN_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** Keys of the gap tests: key 0 is rewritten, the others keep the reader's near tier reading the head. */
    private static final int KEYS = 10;

    private static MemcachedClient client;
    private final List<CacheManager> managers = new ArrayList<>();

    @BeforeAll
    static void connect() {
        client = MemcachedClient.builder().servers(ServerAddresses.of(SERVERS))
                .operationTimeout(Duration.ofSeconds(5)) // the machine is shared: timeouts are not the subject
                .build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @AfterEach
    void close() {
        managers.forEach(CacheManager::close);
    }

    private static FeedRecord record() {
        return new FeedRecord(FeedRecord.Kind.WRITE, System.currentTimeMillis(), "w1", "books", List.of("s:1"));
    }

    private static FeedFollower follower(MemcachedClient client, String prefix, int replicas, AtomicInteger pick) {
        return new FeedFollower(client, prefix + ":!feed", replicas, "w1", System::currentTimeMillis,
                copies -> pick.get());
    }

    private static long held(String key) {
        Item item = client.blocking().get(key);
        return item == null ? HeadReplicas.MISSING : HeadReplicas.position(item.value());
    }

    @Test
    void place_threeReplicasOnThreeServers_landOnThreeDistinctServers() throws IOException {
        List<String> keys = HeadReplicas.place(client, "placed:!feed", 3);
        follower(client, "placed", 3, new AtomicInteger()).republish(record());

        assertEquals("placed:!feed", keys.get(0), "copy 0 is the head");
        Set<ServerAddress> servers = new HashSet<>();
        for (String key : keys) {
            ServerAddress owner = client.serverFor(key);
            servers.add(owner);
            int index = SERVERS.hostPorts().indexOf(owner.host() + ":" + owner.port());
            assertTrue(SERVERS.command(index, "get " + key).startsWith("VALUE"), key + " on " + owner);
        }
        assertEquals(3, servers.size(), keys.toString());
    }

    @Test
    void place_moreReplicasThanServers_oneCopyPerServer() {
        List<String> keys = HeadReplicas.place(client, "many:!feed", 8);

        assertEquals(3, keys.size(), keys.toString());
        assertEquals(3, keys.stream().map(client::serverFor).distinct().count(), keys.toString());
        assertEquals(keys, HeadReplicas.place(client, "many:!feed", 8), "every JVM computes the same keys");
    }

    @Test
    void publish_threeReplicas_raisesEveryCopyToItsPositionBeforeReturning() {
        FeedFollower follower = follower(client, "raised", 3, new AtomicInteger());
        List<String> keys = HeadReplicas.place(client, "raised:!feed", 3);

        for (int i = 0; i < 3; i++) {
            long position = follower.republish(record());
            for (String key : keys.subList(1, 3)) {
                assertEquals(position, held(key), key + " after publication " + i);
            }
        }
    }

    @Test
    void publish_concurrentWriters_leaveEveryCopyAtTheHead() throws Exception {
        FeedFollower follower = follower(client, "contended", 3, new AtomicInteger());
        HeadReplicas replicas = follower.feed().replicas();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        long position = follower.republish(record());
                        for (int copy = 1; copy < 3; copy++) {
                            long held = held(replicas.key(copy));
                            assertTrue(held >= position, "copy " + copy + " at " + held + " after " + position);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        long head = follower.feed().head();
        assertEquals(head, held(replicas.key(1)));
        assertEquals(head, held(replicas.key(2)));
    }

    @Test
    void read_anyCopy_afterAnotherManagersPublicationReturned_coversIt() {
        AtomicInteger pick = new AtomicInteger();
        FeedFollower writer = follower(client, "covered", 3, new AtomicInteger());
        FeedFollower reader = follower(client, "covered", 3, pick);

        for (int copy = 0; copy < 3; copy++) {
            long position = writer.republish(record());
            pick.set(copy);
            reader.poll();

            assertTrue(reader.applied() >= position, "copy " + copy + ": " + reader.applied() + " < " + position);
        }
    }

    @Test
    void raise_copyMissing_fromAnOlderPosition_placesItAtTheHeadNotBelow() {
        FeedFollower follower = follower(client, "placing", 3, new AtomicInteger());
        long older = follower.republish(record());
        long newer = follower.republish(record());
        HeadReplicas replicas = follower.feed().replicas();
        client.blocking().delete(replicas.key(1));

        // a slow writer of an older position finds the copy gone (evicted) and places it again
        replicas.raise(1, older);

        assertEquals(newer, held(replicas.key(1)), "not the writer's own position: the head read after");
    }

    @Test
    void publish_copyFarAboveTheHead_setsItBackToThePosition() {
        FeedFollower follower = follower(client, "reseeded", 3, new AtomicInteger());
        HeadReplicas replicas = follower.feed().replicas();
        long before = follower.republish(record());
        // the head flushed and seeded again lower than before (a seeding clock behind): copies are from before
        client.blocking().set(replicas.key(1), Long.toString(before + 1_000_000).getBytes(StandardCharsets.US_ASCII),
                0, 0);

        long position = follower.republish(record());

        assertEquals(position, held(replicas.key(1)), "a copy above every new position would hide them");
    }

    @Test
    void publishAndRead_oneReplica_sendsExactlyTheCommandsOfASingleHead() {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        MemcachedClient recording = (MemcachedClient) Proxy.newProxyInstance(MemcachedClient.class.getClassLoader(),
                new Class<?>[] {MemcachedClient.class}, (proxy, method, args) -> {
                    sent.add(method.getName() + " " + args[0] + (method.getName().equals("incr") ? " " + args[1] : ""));
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FeedFollower follower = follower(recording, "single", 1, new AtomicInteger());

        long position = follower.republish(record());
        follower.poll();

        assertEquals(List.of("incr single:!feed 1", "set single:!feed:" + position, "incr single:!feed 0"), sent);
        assertEquals(position, follower.applied());
    }

    @Test
    void read_onAClientWithABlockingLane_readsTheHeadThroughTheLane() {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        MemcachedClient laned = (MemcachedClient) Proxy.newProxyInstance(MemcachedClient.class.getClassLoader(),
                new Class<?>[] {MemcachedClient.class, BlockingIncrement.class}, (proxy, method, args) -> {
                    sent.add(method.getName() + " " + args[0] + (method.getName().startsWith("incr") ? " " + args[1] : ""));
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        FeedFollower follower = follower(laned, "laned", 1, new AtomicInteger());

        long position = follower.republish(record());
        follower.poll();

        assertEquals(List.of("incr laned:!feed 1", "set laned:!feed:" + position, "incrBlocking laned:!feed 0"), sent);
        assertEquals(position, follower.applied());
    }

    @Test
    void read_copyBehindAnotherButNotBelowWhatItShowed_isNoGap() {
        AtomicInteger pick = new AtomicInteger(2);
        FeedFollower follower = follower(client, "behind", 3, pick);
        HeadReplicas replicas = follower.feed().replicas();
        long first = follower.republish(record());
        follower.poll(); // copy 2 shows first
        long second = follower.republish(record());
        client.blocking().set(replicas.key(2), Long.toString(first).getBytes(StandardCharsets.US_ASCII), 0, 0);
        pick.set(1);
        follower.poll(); // copy 1 shows second

        pick.set(2);
        follower.poll(); // copy 2 still shows first: a writer raising it has not reached it yet

        assertEquals(0, follower.gaps());
        assertEquals(second, follower.applied());
    }

    @Test
    void read_copySetBackBelowWhatItShowed_isAGap() {
        AtomicInteger pick = new AtomicInteger(2);
        FeedFollower follower = follower(client, "setback", 3, pick);
        HeadReplicas replicas = follower.feed().replicas();
        long first = follower.republish(record());
        follower.poll();
        follower.republish(record());
        follower.poll(); // copy 2 shows second

        client.blocking().set(replicas.key(2), Long.toString(first).getBytes(StandardCharsets.US_ASCII), 0, 0);
        follower.poll();

        assertEquals(1, follower.gaps());
        assertEquals(first, follower.applied());
    }

    @Test
    void read_copyMissing_isAGap_andPlacesTheCopyAtTheHead() {
        AtomicInteger pick = new AtomicInteger(1);
        FeedFollower follower = follower(client, "missing", 3, pick);
        HeadReplicas replicas = follower.feed().replicas();
        follower.republish(record());
        follower.poll();
        long head = follower.republish(record());

        client.blocking().delete(replicas.key(1));
        follower.poll();

        assertEquals(1, follower.gaps());
        assertEquals(head, follower.applied());
        assertEquals(head, held(replicas.key(1)));
    }

    // ------------------------------------------------------------------ through JCache, two cache managers

    /** A cache manager of its own ("another JVM"), with strict near tiers and three copies of the head. */
    private Cache<Integer, Long> cache(String prefix, boolean reversed) {
        List<String> servers = new ArrayList<>(SERVERS.hostPorts());
        if (reversed) {
            Collections.reverse(servers);
        }
        CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create("memcached://"
                + String.join(",", servers) + "?near-cache.max-entries=1000&near-cache.head-replicas=3&key-prefix="
                + prefix + (reversed ? "&connections-per-server=2" : "")), getClass().getClassLoader());
        managers.add(manager);
        return manager.createCache("c", new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
    }

    private static NearCacheCounters near(Cache<?, ?> cache) {
        return cache.unwrap(MemcachedStore.class).nearCacheCounters();
    }

    /** Fills the reader's near tier with keys 0 to {@code keys - 1}, waiting out the quarantine after its start. */
    private static void warm(Cache<Integer, Long> reader, int keys) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long hits;
        do {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            hits = near(reader).hits();
            for (int k = 0; k < keys; k++) {
                reader.get(k);
            }
        } while (near(reader).hits() - hits < keys && System.nanoTime() < deadline);
        assertEquals(hits + keys, near(reader).hits(), "warm near tier: " + near(reader));
    }

    /**
     * Reads keys 0 to 9 (key 0 was rewritten to 2, the others hold 1 and keep the reader reading the head) until the
     * reader found a gap, for at most 5 s: key 0 is never the old value 1. Returns the reader's counters after.
     */
    private static NearCacheCounters readNeverStale(Cache<Integer, Long> reader, long gapsBefore, String when) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int round = 0; round < 5_000 && near(reader).gaps() == gapsBefore && System.nanoTime() < deadline;
                round++) {
            for (int k = 0; k < KEYS; k++) {
                assertEquals(k == 0 ? 2L : 1L, reader.get(k), when + ", key " + k + ": " + near(reader));
            }
        }
        return near(reader);
    }

    @Test
    void strictReads_threeReplicas_whileAnotherManagerWrites_areNeverStale() throws Exception {
        Cache<Integer, Long> writer = cache("strict3", false);
        Cache<Integer, Long> reader = cache("strict3", true);
        int keys = 500;
        AtomicLongArray acked = new AtomicLongArray(keys);
        for (int k = 0; k < keys; k++) {
            writer.put(k, 0L);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        long deadline = System.nanoTime() + MAX_RUN_NANOS;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writes = pool.submit(() -> {
                for (long value = 1; !done.get() && System.nanoTime() < deadline; value++) {
                    int k = ThreadLocalRandom.current().nextInt(keys);
                    writer.put(k, value);
                    acked.set(k, value);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    while (reads.incrementAndGet() <= 15_000 && System.nanoTime() < deadline) {
                        int k = ThreadLocalRandom.current().nextInt(keys);
                        long required = acked.get(k);
                        Long got = reader.get(k);
                        if (got == null || got < required) {
                            stale.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> r : readers) {
                r.get(1, TimeUnit.MINUTES);
            }
            done.set(true);
            writes.get(1, TimeUnit.MINUTES);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        NearCacheCounters counters = near(reader);
        System.out.println("HeadReplicasTest strict run: " + Math.min(reads.get(), 15_000) + " reads, " + counters);

        assertEquals(0, stale.get(), "stale reads: " + counters);
        assertTrue(counters.hits() > Math.min(reads.get(), 15_000) / 4, "near hits: " + counters);
    }

    @Test
    void copiesDeletedBehindTheReadersBack_areAGap_andNothingStaleIsRead() throws Exception {
        Cache<Integer, Long> writer = cache("deleted", false);
        Cache<Integer, Long> reader = cache("deleted", true);
        for (int k = 0; k < KEYS; k++) {
            writer.put(k, 1L);
        }
        warm(reader, KEYS);
        writer.put(0, 2L);
        NearCacheCounters before = near(reader);

        for (int i = 0; i < SERVERS.count(); i++) {
            for (String key : HeadReplicas.place(client, "deleted:!feed", 3).subList(1, 3)) {
                SERVERS.command(i, "delete " + key); // evicted, or their server flushed
            }
        }

        NearCacheCounters after = readNeverStale(reader, before.gaps(), "after the copies were deleted");
        assertTrue(after.gaps() > before.gaps(), after.toString());
        assertTrue(after.fullDrops() > before.fullDrops(), after.toString());
    }

    @Test
    void copiesSetBackBelowTheReadersPosition_areAGap_andNothingStaleIsRead() throws Exception {
        Cache<Integer, Long> writer = cache("setback", false);
        Cache<Integer, Long> reader = cache("setback", true);
        for (int k = 0; k < KEYS; k++) {
            writer.put(k, 1L);
        }
        warm(reader, KEYS);
        writer.put(0, 2L);
        NearCacheCounters before = near(reader);

        for (String key : HeadReplicas.place(client, "setback:!feed", 3).subList(1, 3)) {
            for (int i = 0; i < SERVERS.count(); i++) {
                SERVERS.command(i, "replace " + key + " 0 0 4\r\n1000"); // only where the copy is
            }
        }

        NearCacheCounters after = readNeverStale(reader, before.gaps(), "after the copies were set back");
        assertTrue(after.gaps() > before.gaps(), after.toString());
        assertTrue(after.fullDrops() > before.fullDrops(), after.toString());
    }
}
