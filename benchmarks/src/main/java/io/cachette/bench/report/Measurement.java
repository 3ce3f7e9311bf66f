package io.cachette.bench.report;

/**
 * One number of one contender in one comparison, e.g. ({@code local getHit threads=1 by-reference}, {@code caffeine},
 * 9.1e6, {@code ops/s}).
 */
record Measurement(String comparison, String contender, double value, String unit) {

    /** Whether a bigger number is better for this unit (throughput, hit ratio) or worse (latency, bytes). */
    boolean higherIsBetter() {
        return unit.equals("ops/s") || unit.equals("%");
    }
}
