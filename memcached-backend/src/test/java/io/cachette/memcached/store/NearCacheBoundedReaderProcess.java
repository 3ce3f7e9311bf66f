package io.cachette.memcached.store;

import io.cachette.memcached.store.internal.near.NearTier;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The reader half of {@link NearCacheBoundedTwoProcessesTest}, in a JVM of its own: before each read through a
 * bounded near tier it reads the writer's last acknowledgement of the key ({@code "<value> <epoch ms when the put
 * returned>"}, in a plain cache); a value older than the acknowledged one was served at least
 * {@code now - acknowledged} ms after the change replacing it was acknowledged. Prints one line
 * {@code RESULT reads=<n> older=<n> maxLagMs=<n> hits=<n>}: reads, reads older than the acknowledgement, the
 * largest such lag, near hits.
 *
 * <p>Arguments: near-cache URI, plain URI, cache name, keys, reads, time limit in ms, skip the feed check.
 */
public final class NearCacheBoundedReaderProcess {

    private NearCacheBoundedReaderProcess() {
    }

    public static void main(String[] args) {
        URI nearUri = URI.create(args[0]);
        URI plainUri = URI.create(args[1]);
        String name = args[2];
        int keys = Integer.parseInt(args[3]);
        int reads = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
        NearTier.skipFeedCheckForTests(Boolean.parseBoolean(args[6]));
        ClassLoader loader = NearCacheBoundedReaderProcess.class.getClassLoader();
        try (CacheManager nearManager = Caching.getCachingProvider().getCacheManager(nearUri, loader);
             CacheManager plainManager = Caching.getCachingProvider().getCacheManager(plainUri, loader)) {
            Cache<Integer, Long> cache = NearCacheReaderProcess.open(nearManager, name);
            Cache<Integer, String> acks = acks(plainManager, name);
            long done = 0;
            long older = 0;
            long maxLag = 0;
            while (done < reads && System.nanoTime() < deadline) {
                int k = ThreadLocalRandom.current().nextInt(keys);
                String ack = acks.get(k);
                long now = System.currentTimeMillis(); // before the read: the lag measured is a lower bound
                Long got = cache.get(k);
                if (ack != null) {
                    int space = ack.indexOf(' ');
                    long acked = Long.parseLong(ack.substring(0, space));
                    if (got == null || got < acked) {
                        older++;
                        maxLag = Math.max(maxLag, now - Long.parseLong(ack.substring(space + 1)));
                    }
                }
                done++;
            }
            long hits = cache.unwrap(MemcachedStore.class).nearCacheCounters().hits();
            System.out.println("RESULT reads=" + done + " older=" + older + " maxLagMs=" + maxLag + " hits=" + hits);
        }
    }

    static Cache<Integer, String> acks(CacheManager manager, String name) {
        String ackName = name + "-acks";
        Cache<Integer, String> cache = manager.getCache(ackName, Integer.class, String.class);
        return cache != null ? cache : manager.createCache(ackName,
                new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
    }
}
