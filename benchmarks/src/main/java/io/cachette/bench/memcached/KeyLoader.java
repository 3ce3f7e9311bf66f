package io.cachette.bench.memcached;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Loads a benchmark's keys from several threads before the trial, so that setup, which every fork repeats, takes a
 * fraction of a second instead of one blocking round trip per key.
 */
final class KeyLoader {

    /** Blocking writers in flight while loading. */
    private static final int WRITERS = 16;

    /** One key's write; blocks until the server answered. */
    interface Write {
        void write(String key) throws Exception;
    }

    private KeyLoader() {
    }

    /** Writes every key of {@code keys}, {@value #WRITERS} at a time; fails with the first write that failed. */
    static void load(String[] keys, Write write) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> slices = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                slices.add(writers.submit(() -> {
                    for (int i = first; i < keys.length; i += WRITERS) {
                        write.write(keys[i]);
                    }
                    return null;
                }));
            }
            for (Future<?> slice : slices) {
                slice.get(5, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }
    }
}
