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
 * The reader half of {@link NearCacheTwoProcessesTest}, in a JVM of its own: reads random keys through a near
 * tier and compares each value with the acknowledgement the writer stored (in a plain cache, after its put
 * returned) before the read began. Prints one line {@code RESULT reads=<n> stale=<n> hits=<n>}.
 *
 * <p>Arguments: near-cache URI, plain URI, cache name, keys, reads, time limit in ms, skip the feed check.
 */
public final class NearCacheReaderProcess {

    private NearCacheReaderProcess() {
    }

    public static void main(String[] args) {
        URI nearUri = URI.create(args[0]);
        URI plainUri = URI.create(args[1]);
        String name = args[2];
        int keys = Integer.parseInt(args[3]);
        int reads = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
        NearTier.skipFeedCheckForTests(Boolean.parseBoolean(args[6]));
        ClassLoader loader = NearCacheReaderProcess.class.getClassLoader();
        try (CacheManager nearManager = Caching.getCachingProvider().getCacheManager(nearUri, loader);
             CacheManager plainManager = Caching.getCachingProvider().getCacheManager(plainUri, loader)) {
            Cache<Integer, Long> cache = open(nearManager, name);
            Cache<Integer, Long> acks = open(plainManager, name + "-acks");
            long done = 0;
            long stale = 0;
            while (done < reads && System.nanoTime() < deadline) {
                int k = ThreadLocalRandom.current().nextInt(keys);
                Long acked = acks.get(k);
                Long got = cache.get(k);
                if (acked != null && (got == null || got < acked)) {
                    stale++;
                }
                done++;
            }
            long hits = cache.unwrap(MemcachedStore.class).nearCacheCounters().hits();
            System.out.println("RESULT reads=" + done + " stale=" + stale + " hits=" + hits);
        }
    }

    static Cache<Integer, Long> open(CacheManager manager, String name) {
        Cache<Integer, Long> cache = manager.getCache(name, Integer.class, Long.class);
        return cache != null ? cache : manager.createCache(name,
                new MutableConfiguration<Integer, Long>().setTypes(Integer.class, Long.class));
    }
}
