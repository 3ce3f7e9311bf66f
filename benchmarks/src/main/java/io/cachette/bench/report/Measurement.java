package io.cachette.bench.report;

/**
 * One number of one contender in one comparison in one round of a run, e.g. ({@code local getHit threads=1
 * by-reference}, {@code caffeine}, 9.1e6, {@code ops/s}, round 2). A run repeats its benchmarks in rounds, one
 * after the other, so that every contender is measured early and late in the run.
 */
record Measurement(String comparison, String contender, double value, String unit, int round) {

    /** A measurement of a run's only (or first) round. */
    Measurement(String comparison, String contender, double value, String unit) {
        this(comparison, contender, value, unit, 1);
    }

    /** This measurement, as taken in {@code round}. */
    Measurement inRound(int round) {
        return new Measurement(comparison, contender, value, unit, round);
    }

    /** Whether a bigger number is better for this unit (throughput, hit ratio) or worse (latency, bytes). */
    boolean higherIsBetter() {
        return unit.equals("ops/s") || unit.equals("%");
    }
}
