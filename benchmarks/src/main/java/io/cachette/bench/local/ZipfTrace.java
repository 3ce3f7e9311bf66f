package io.cachette.bench.local;

import java.util.SplittableRandom;

/**
 * A reproducible Zipf-distributed access trace over a key space of {@code Long} keys. Ranks are drawn with an
 * inverse-CDF table; rank {@code r} maps to key {@code permutation[r]}, a seeded shuffle, so hot keys are spread
 * over the key space instead of being the smallest numbers (which would flatter some hash tables).
 * Every benchmark and the hit-ratio harness use the same seed, so they see the same trace.
 */
public final class ZipfTrace {

    /** The key space of the issue: one million keys. */
    public static final int KEY_SPACE = 1_000_000;
    /** The cache bound of the issue: one hundred thousand entries. */
    public static final int BOUND = 100_000;
    /** YCSB's Zipf constant: skewed, but with a long tail that does not fit the bound. */
    public static final double EXPONENT = 0.99;
    /** Seed of every trace, so all contenders replay the same accesses. */
    public static final long SEED = 0x5EED_CAC4E77EL;

    private final Long[] keys;
    private final int[] permutation;
    private final double[] cdf;

    /** Builds the key objects, the rank permutation and the CDF over {@code keySpace} ranks. */
    public ZipfTrace(int keySpace, double exponent, long seed) {
        if (keySpace < 1 || !(exponent > 0)) {
            throw new IllegalArgumentException("keySpace must be positive and exponent > 0, got " + keySpace + ", " + exponent);
        }
        keys = new Long[keySpace];
        for (int i = 0; i < keySpace; i++) {
            keys[i] = (long) i;
        }
        permutation = new int[keySpace];
        for (int i = 0; i < keySpace; i++) {
            permutation[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = keySpace - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        cdf = new double[keySpace];
        double sum = 0;
        for (int rank = 0; rank < keySpace; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cdf[rank] = sum;
        }
        for (int rank = 0; rank < keySpace; rank++) {
            cdf[rank] /= sum;
        }
    }

    /** The trace of the issue: Zipf 0.99 over 1M keys, fixed seed (built once per JVM: it is immutable). */
    public static ZipfTrace standard() {
        return Standard.TRACE;
    }

    /** Lazy holder of the standard trace. */
    private static final class Standard {
        static final ZipfTrace TRACE = new ZipfTrace(KEY_SPACE, EXPONENT, SEED);
    }

    /** The canonical key object of key number {@code index} (shared, so replaying a trace allocates nothing). */
    public Long key(int index) {
        return keys[index];
    }

    /** The key number of popularity rank {@code rank} (0 is the hottest). */
    public int keyOfRank(int rank) {
        return permutation[rank];
    }

    /**
     * {@code length} key numbers drawn from the distribution restricted to the {@code topRanks} hottest ranks
     * ({@code topRanks} = key space gives the plain trace).
     */
    public int[] sample(int length, int topRanks, long seed) {
        if (topRanks < 1 || topRanks > cdf.length) {
            throw new IllegalArgumentException("topRanks must be in [1, " + cdf.length + "], got " + topRanks);
        }
        double scale = cdf[topRanks - 1];
        SplittableRandom random = new SplittableRandom(seed);
        int[] trace = new int[length];
        for (int i = 0; i < length; i++) {
            double u = random.nextDouble() * scale;
            trace[i] = permutation[rankOf(u, topRanks)];
        }
        return trace;
    }

    private int rankOf(double u, int topRanks) {
        int low = 0;
        int high = topRanks - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cdf[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
