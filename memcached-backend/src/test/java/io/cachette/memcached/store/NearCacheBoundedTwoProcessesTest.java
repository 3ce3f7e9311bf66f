package io.cachette.memcached.store;

import io.cachette.testkit.ChildJvm;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded mode across two JVMs, for real: this one writes values with the time each put returned (its
 * acknowledgement), a child JVM ({@link NearCacheBoundedReaderProcess}) reads through a bounded near tier
 * ({@code near-cache.max-staleness-ms=100}) and measures how long after its replacement was acknowledged a value
 * was still served: never more than the bound. With the feed check skipped the lag grows past it, so the
 * measurement can fail.
 */
class NearCacheBoundedTwoProcessesTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int KEYS = 200;
    private static final long BOUND_MS = 100;
    /** Both ends read the wall clock in whole milliseconds. */
    private static final long CLOCK_GRANULARITY_MS = 2;
    private static final Pattern RESULT = Pattern.compile(
            "RESULT reads=(\\d+) older=(\\d+) maxLagMs=(-?\\d+) hits=(\\d+)");

    private record Result(long reads, long older, long maxLagMs, long hits) {
    }

    private Result run(String name, boolean skipFeedCheck) throws Exception {
        List<String> reversed = new ArrayList<>(SERVERS.hostPorts());
        Collections.reverse(reversed);
        String nearQuery = "?near-cache.max-entries=10000&near-cache.mode=bounded&near-cache.max-staleness-ms="
                + BOUND_MS;
        String readerUri = "memcached://" + String.join(",", reversed) + nearQuery;
        ClassLoader loader = getClass().getClassLoader();
        try (CacheManager writerManager = Caching.getCachingProvider()
                .getCacheManager(URI.create(SERVERS.uri() + nearQuery), loader);
             CacheManager ackManager = Caching.getCachingProvider().getCacheManager(URI.create(SERVERS.uri()),
                     loader)) {
            Cache<Integer, Long> cache = NearCacheReaderProcess.open(writerManager, name);
            Cache<Integer, String> acks = NearCacheBoundedReaderProcess.acks(ackManager, name);
            for (int k = 0; k < KEYS; k++) {
                cache.put(k, 0L);
                acks.put(k, "0 " + System.currentTimeMillis());
            }
            ChildJvm reader = ChildJvm.start(NearCacheBoundedReaderProcess.class, readerUri, SERVERS.uri(), name,
                    Integer.toString(KEYS), "30000", "30000", Boolean.toString(skipFeedCheck));
            long value = 0;
            long writeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (reader.isAlive() && System.nanoTime() < writeDeadline) {
                int k = ThreadLocalRandom.current().nextInt(KEYS);
                value++;
                cache.put(k, value);
                acks.put(k, value + " " + System.currentTimeMillis());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            ChildJvm.Ended ended = reader.awaitEnd();
            String output = ended.output();
            assertEquals(0, ended.exitCode(), output);
            Matcher matcher = RESULT.matcher(output);
            assertTrue(matcher.find(), output);
            Result result = new Result(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)));
            System.out.println("NearCacheBoundedTwoProcessesTest " + name + ": " + result + ", " + value
                    + " writes");
            return result;
        }
    }

    @Test
    void boundedReader_inAnotherJvm_neverServesAValueLongerThanTheBoundAfterItsReplacement() throws Exception {
        Result result = run("bounded-two-jvms", false);

        assertTrue(result.maxLagMs() <= BOUND_MS + CLOCK_GRANULARITY_MS, result.toString());
        assertTrue(result.hits() > result.reads() / 4, result.toString());
        assertTrue(result.reads() >= 2_000, result.toString());
    }

    @Test
    void boundedReader_withTheFeedCheckSkipped_servesValuesPastTheBound() throws Exception {
        Result result = run("bounded-two-jvms-skipped", true);

        assertTrue(result.maxLagMs() > BOUND_MS + CLOCK_GRANULARITY_MS, "the check must be able to fail: " + result);
    }
}
