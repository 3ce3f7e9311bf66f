package io.cachette.jcache.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.jcache.CachetteCacheManager;
import io.cachette.jcache.TestManagers;
import io.cachette.testing.TestClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous events of one key arrive in the order of the changes even when several threads change the key:
 * each event's old value is the previous event's value.
 */
class AsyncEventOrderTest {

    @Test
    void concurrentUpdatesOfOneKey_reachAnAsyncListenerInChangeOrder() throws Exception {
        int threads = 4;
        int incrementsPerThread = 250;
        Chain chain = new Chain(threads * incrementsPerThread + 1);
        CachetteCacheManager manager = TestManagers.create(new TestClock(0L));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Cache<String, Integer> cache = manager.createCache("ordered", new MutableConfiguration<String, Integer>()
                    .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                            new Same(chain), null, true, false)));
            cache.put("k", 0);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsPerThread; i++) {
                        cache.invoke("k", (entry, args) -> {
                            entry.setValue(entry.getValue() + 1);
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertTrue(chain.latch.await(60, TimeUnit.SECONDS), "every event was delivered");
            assertEquals(threads * incrementsPerThread + 1, chain.values.size());
            for (int i = 0; i < chain.values.size(); i++) {
                assertEquals(i, chain.values.get(i), "event " + i);
                if (i > 0) {
                    assertEquals(i - 1, chain.oldValues.get(i), "old value of event " + i);
                }
            }
        } finally {
            pool.shutdownNow();
            manager.close();
        }
    }

    static final class Chain implements CacheEntryCreatedListener<String, Integer>,
            CacheEntryUpdatedListener<String, Integer> {
        final List<Integer> values = new CopyOnWriteArrayList<>();
        final List<Integer> oldValues = new CopyOnWriteArrayList<>();
        final CountDownLatch latch;

        Chain(int expected) {
            latch = new CountDownLatch(expected);
        }

        private void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            for (CacheEntryEvent<? extends String, ? extends Integer> event : events) {
                values.add(event.getValue());
                oldValues.add(event.getOldValue());
                latch.countDown();
            }
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            record(events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> events) {
            record(events);
        }
    }

    /** Hands out the one listener, so that the test reads what it recorded. */
    static final class Same implements Factory<Chain> {
        private static final long serialVersionUID = 1L;
        private final transient Chain chain;

        Same(Chain chain) {
            this.chain = chain;
        }

        @Override
        public Chain create() {
            return chain;
        }
    }
}
