package io.cachette.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** JMH CSV and harness lines become measurements, and measurements become rows of ratios ours/peer. */
class ResultTableTest {

    private static final String LOCAL_CSV_HEADER =
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: cache\",\"Param: store\"";

    @Test
    void fromJmhCsv_throughputRow_namesComparisonByMethodThreadsAndOtherParams() {
        List<Measurement> measurements = ResultFiles.fromJmhCsv(List.of(LOCAL_CSV_HEADER,
                "\"io.cachette.bench.local.LocalCacheBenchmark.getHit\",\"thrpt\",2,2,981568.315562,NaN,\"ops/s\",caffeine,reference"));
        assertEquals(List.of(new Measurement("local getHit threads=2 store=reference", "caffeine", 981568.315562, "ops/s")),
                measurements);
    }

    @Test
    void fromJmhCsv_memcachedRows_throughputFromThroughputModeInOpsPerSecond_percentilesFromSampleTime() {
        List<Measurement> measurements = ResultFiles.fromJmhCsv(List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: client\"",
                "\"io.cachette.bench.memcached.MemcachedClientBenchmark.get\",\"thrpt\",16,2,0.0625,0.001,\"ops/us\",xmemcached",
                "\"io.cachette.bench.memcached.MemcachedClientBenchmark.get\",\"sample\",16,1000,800.0,1.0,\"us/op\",xmemcached",
                "\"io.cachette.bench.memcached.MemcachedClientBenchmark.get:p0.50\",\"sample\",16,1,700.0,NaN,\"us/op\",xmemcached",
                "\"io.cachette.bench.memcached.MemcachedClientBenchmark.get:p0.90\",\"sample\",16,1,900.0,NaN,\"us/op\",xmemcached",
                "\"io.cachette.bench.memcached.MemcachedClientBenchmark.get:p0.99\",\"sample\",16,1,2000.0,NaN,\"us/op\",xmemcached"));
        assertEquals(List.of(
                new Measurement("memcached get callers=16 throughput", "xmemcached", 62_500.0, "ops/s"),
                new Measurement("memcached get callers=16 p50", "xmemcached", 700.0, "us"),
                new Measurement("memcached get callers=16 p99", "xmemcached", 2000.0, "us")), measurements);
    }

    @Test
    void fromTsv_harnessLine_isOneMeasurement() {
        assertEquals(List.of(new Measurement("hit-ratio", "cachette", 76.5, "%")),
                ResultFiles.fromTsv(List.of("hit-ratio\tcachette\t76.5\t%", "")));
    }

    @Test
    void rows_oursAndTwoPeers_oneRowPerPeerWithRatioAndTargetVerdict() {
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement("local getHit threads=1 store=value", "cachette", 500, "ops/s"),
                new Measurement("local getHit threads=1 store=value", "caffeine", 1000, "ops/s"),
                new Measurement("local getHit threads=1 store=value", "ehcache", 250, "ops/s")));
        assertEquals(List.of(
                new ResultTable.Row("local getHit threads=1 store=value", "500", "caffeine", "1,000", "ops/s", "0.50",
                        "≥ 1.0 **missed**"),
                new ResultTable.Row("local getHit threads=1 store=value", "500", "ehcache", "250", "ops/s", "2.00", "")),
                rows);
    }

    @Test
    void rows_oursMissing_peersListedWithNotAvailable() {
        List<ResultTable.Row> rows = ResultTable.rows(List.of(new Measurement("memory.reference", "caffeine", 184.8, "B/entry")));
        assertEquals(List.of(new ResultTable.Row("memory.reference", "n/a", "caffeine", "184.8", "B/entry", "n/a", "≤ 1.0")), rows);
    }

    @Test
    void rows_memcachedThroughput_targetsOnlyTheBetterJavaPeerAndMemcslap() {
        String comparison = "memcached get callers=16 throughput";
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement(comparison, "cachette", 30000, "ops/s"),
                new Measurement(comparison, "spymemcached", 10000, "ops/s"),
                new Measurement(comparison, "xmemcached", 20000, "ops/s"),
                new Measurement(comparison, "memcslap", 50000, "ops/s")));
        assertEquals(List.of("", "≥ 1.2 (better Java peer) met", "≥ 0.7 **missed**"),
                rows.stream().map(ResultTable.Row::target).toList());
    }

    @Test
    void rows_metricsOverhead_theBinderAgainstEachVariantWithout_targetsWithinThreePercent() {
        String comparison = "metrics get threads=1 store=local";
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement(comparison, "cachette", 980, "ops/s"),
                new Measurement(comparison, "stats-on", 1000, "ops/s"),
                new Measurement(comparison, "stats-off", 1100, "ops/s")));
        assertEquals(List.of("stats-on 0.98 ≥ 0.97 met", "stats-off 0.89 ≥ 0.97 **missed**"),
                rows.stream().map(r -> r.peer() + " " + r.ratio() + " " + r.target()).toList());
    }

    @Test
    void rows_variantOfOurs_comparedOnlyWithItsOwnPeers() {
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement("hibernate find threads=1", "cachette", 6000, "ops/s"),
                new Measurement("hibernate find threads=1", "cachette-memcached", 3000, "ops/s"),
                new Measurement("hibernate find threads=1", "jcache-caffeine", 2000, "ops/s"),
                new Measurement("hibernate find threads=1", "none", 1000, "ops/s")));
        assertEquals(List.of(
                new ResultTable.Row("hibernate find threads=1", "6,000", "jcache-caffeine", "2,000", "ops/s", "3.00", "≥ 1.0 met"),
                new ResultTable.Row("hibernate find threads=1", "6,000", "none", "1,000", "ops/s", "6.00", ""),
                new ResultTable.Row("hibernate find threads=1 [memcached]", "3,000", "none", "1,000", "ops/s", "3.00", "")),
                rows);
    }

    @Test
    void rows_aNumberOnlyOursHas_isShownAloneWithoutRatio() {
        String comparison = "hibernate oneFindPerTransaction threads=1 database=postgres memcached gets";
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement(comparison, "cachette-memcached", 3.0, "cmd/find")));
        assertEquals(List.of(new ResultTable.Row(comparison + " [memcached]", "3.00", "-", "-", "cmd/find", "-", "")),
                rows);
    }

    @Test
    void round_isReadFromTheResultFileName_andIsOneWithoutIt() {
        assertEquals(2, ResultFiles.round("40-memcached-c016.r2.csv"));
        assertEquals(12, ResultFiles.round("45-memcslap.r12.tsv"));
        assertEquals(1, ResultFiles.round("20-hitratio.tsv"));
    }

    @Test
    void rows_severalRounds_showMedianValues_andTheMedianOfThePerRoundRatiosWithTheirRange() {
        String comparison = "local put threads=2 store=reference";
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement(comparison, "cachette", 100, "ops/s", 1),
                new Measurement(comparison, "caffeine", 100, "ops/s", 1),
                new Measurement(comparison, "cachette", 300, "ops/s", 2),
                new Measurement(comparison, "caffeine", 100, "ops/s", 2),
                new Measurement(comparison, "cachette", 200, "ops/s", 3),
                new Measurement(comparison, "caffeine", 400, "ops/s", 3)));
        // per-round ratios 1.0, 3.0, 0.5: the median ratio is 1.0, not the ratio of the medians (200 / 100)
        assertEquals(List.of(new ResultTable.Row(comparison, "200", "caffeine", "100", "ops/s", "1.00 (0.50–3.00)",
                "≥ 1.0 met")), rows);
    }

    @Test
    void rows_aRoundOnlyOneContenderRan_isLeftOutOfTheRatios() {
        String comparison = "local put threads=2 store=reference";
        List<ResultTable.Row> rows = ResultTable.rows(List.of(
                new Measurement(comparison, "cachette", 100, "ops/s", 1),
                new Measurement(comparison, "caffeine", 200, "ops/s", 1),
                new Measurement(comparison, "cachette", 900, "ops/s", 2)));
        assertEquals("0.50", rows.get(0).ratio());
        assertEquals("≥ 1.0 **missed**", rows.get(0).target());
    }
}
