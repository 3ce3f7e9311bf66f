package io.cachette.bench.local;

import io.cachette.bench.Contenders;
import java.util.List;
import javax.cache.Cache;

/**
 * The hit ratio each local contender reaches on the Zipf trace of {@link LocalCacheBenchmark} at the same bound:
 * replays 1M accesses to warm up, then counts hits over 4M more, putting the key on every miss (cache-aside).
 * Single-threaded; prints one tab-separated result line per contender: {@code hit-ratio, contender, percent, %}.
 */
public final class HitRatio {

    /** Accesses replayed before hits are counted. */
    public static final int WARM_UP = 1_000_000;
    /** Accesses whose hits are counted. */
    public static final int MEASURED = 4_000_000;

    private HitRatio() {
    }

    /** Replays {@code trace} on {@code cache}; returns the hit ratio in percent over the accesses after {@code warmUp}. */
    public static double replay(Cache<Long, String> cache, ZipfTrace zipf, int[] trace, int warmUp) {
        long hits = 0;
        for (int i = 0; i < trace.length; i++) {
            Long key = zipf.key(trace[i]);
            if (cache.get(key) != null) {
                if (i >= warmUp) {
                    hits++;
                }
            } else {
                cache.put(key, "v");
            }
        }
        return 100.0 * hits / (trace.length - warmUp);
    }

    /** Arguments: contender names; none means every local contender on the class path. */
    public static void main(String[] args) {
        List<String> contenders = args.length == 0 ? Contenders.available("local") : List.of(args);
        ZipfTrace zipf = ZipfTrace.standard();
        int[] trace = zipf.sample(WARM_UP + MEASURED, ZipfTrace.KEY_SPACE, ZipfTrace.SEED + 3);
        for (String contender : contenders) {
            try (LocalCaches.Open open = LocalCaches.named(contender).open(ZipfTrace.BOUND, false)) {
                double ratio = replay(open.cache(), zipf, trace, WARM_UP);
                System.out.printf(java.util.Locale.ROOT, "hit-ratio\t%s\t%.3f\t%%%n", contender, ratio);
            }
        }
    }
}
