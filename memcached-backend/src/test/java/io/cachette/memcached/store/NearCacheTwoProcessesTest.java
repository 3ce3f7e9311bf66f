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
 * Two JVMs, for real: this one writes, a child JVM ({@link NearCacheReaderProcess}) reads through a strict near
 * tier and checks every read against the writer's acknowledgements. 0 stale reads with the feed checked; stale
 * reads with the check skipped, so the check can fail.
 */
class NearCacheTwoProcessesTest {

    @RegisterExtension
    static final MemcachedServers SERVERS = MemcachedServers.start(3);

    private static final int KEYS = 1_000;
    private static final Pattern RESULT = Pattern.compile("RESULT reads=(\\d+) stale=(\\d+) hits=(\\d+)");

    private record Result(long reads, long stale, long hits) {
    }

    private Result run(String name, boolean skipFeedCheck) throws Exception {
        List<String> reversed = new ArrayList<>(SERVERS.hostPorts());
        Collections.reverse(reversed);
        String nearQuery = "?near-cache.max-entries=10000";
        String readerUri = "memcached://" + String.join(",", reversed) + nearQuery;
        ClassLoader loader = getClass().getClassLoader();
        try (CacheManager writerManager = Caching.getCachingProvider()
                .getCacheManager(URI.create(SERVERS.uri() + nearQuery), loader);
             CacheManager ackManager = Caching.getCachingProvider().getCacheManager(URI.create(SERVERS.uri()),
                     loader)) {
            Cache<Integer, Long> cache = NearCacheReaderProcess.open(writerManager, name);
            Cache<Integer, Long> acks = NearCacheReaderProcess.open(ackManager, name + "-acks");
            for (int k = 0; k < KEYS; k++) {
                cache.put(k, 0L);
                acks.put(k, 0L);
            }
            ChildJvm reader = ChildJvm.start(NearCacheReaderProcess.class, readerUri, SERVERS.uri(), name,
                    Integer.toString(KEYS), "20000", "30000", Boolean.toString(skipFeedCheck));
            long value = 0;
            while (reader.isAlive()) {
                int k = ThreadLocalRandom.current().nextInt(KEYS);
                value++;
                cache.put(k, value);
                acks.put(k, value);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            ChildJvm.Ended ended = reader.awaitEnd();
            String output = ended.output();
            assertEquals(0, ended.exitCode(), output);
            Matcher matcher = RESULT.matcher(output);
            assertTrue(matcher.find(), output);
            Result result = new Result(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)));
            System.out.println("NearCacheTwoProcessesTest " + name + ": " + result + ", " + value + " writes");
            return result;
        }
    }

    @Test
    void strictReader_inAnotherJvm_neverReadsStale_andHitsItsNearTier() throws Exception {
        Result result = run("two-jvms", false);

        assertEquals(0, result.stale(), result.toString());
        assertTrue(result.hits() > result.reads() / 4, result.toString());
        assertTrue(result.reads() >= 2_000, result.toString());
    }

    @Test
    void reader_inAnotherJvm_withTheFeedCheckSkipped_readsStale() throws Exception {
        Result result = run("two-jvms-skipped", true);

        assertTrue(result.stale() > 0, "the check must be able to fail: " + result);
    }
}
