package io.cachette.micrometer;

import io.cachette.memcached.store.MemcachedStore;
import io.cachette.memcached.store.MemcachedStoreCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.function.ToLongFunction;
import javax.cache.Cache;

/**
 * The meters of one memcached store, read from its {@link MemcachedStoreCounters}: what it absorbed instead of
 * throwing. Loaded only when the memcached backend is present ({@link Memcached#PRESENT}).
 */
final class MemcachedStoreMeters {

    private MemcachedStoreMeters() {
    }

    /** Binds the store meters of {@code cache} when it is on memcached; nothing otherwise. */
    static void bind(Cache<?, ?> cache, Iterable<Tag> tags, MeterRegistry registry) {
        Memcached.store(cache).ifPresent(store -> {
            counter(registry, store, tags, "cachette.store.failed.reads", MemcachedStoreCounters::failedReads,
                    "Reads that failed (server down, timeout) and were answered as misses");
            counter(registry, store, tags, "cachette.store.dropped.writes", MemcachedStoreCounters::droppedWrites,
                    "Writes and removals that failed and were dropped");
            counter(registry, store, tags, "cachette.store.deserialization.rejections",
                    MemcachedStoreCounters::deserializationRejections,
                    "Items treated as misses because they could not be decoded: refused by the deserialization"
                            + " allow-list, foreign or corrupt");
            counter(registry, store, tags, "cachette.store.signature.failures",
                    MemcachedStoreCounters::signatureFailures,
                    "Items treated as misses because their signature was missing or did not verify (signing-key)");
            counter(registry, store, tags, "cachette.store.cas.conflicts", MemcachedStoreCounters::casConflicts,
                    "Atomic operations retried because another writer changed the entry in between");
        });
    }

    private static void counter(MeterRegistry registry, MemcachedStore<?, ?> store, Iterable<Tag> tags, String name,
                                ToLongFunction<MemcachedStoreCounters> counter, String description) {
        FunctionCounter.builder(name, store, s -> counter.applyAsLong(s.counters()))
                .tags(tags)
                .description(description)
                .register(registry);
    }
}
