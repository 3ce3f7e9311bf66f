package io.cachette.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachette.bench.herd.MissStorm;
import io.cachette.bench.hibernate.SessionFindBenchmark;
import io.cachette.bench.local.HitRatio;
import io.cachette.bench.local.LocalCacheBenchmark;
import io.cachette.bench.local.LocalCaches;
import io.cachette.bench.local.MemoryPerEntry;
import io.cachette.bench.local.ZipfTrace;
import io.cachette.bench.memcached.JCacheOverMemcachedBenchmark;
import io.cachette.bench.memcached.MemcachedClientBenchmark;
import io.cachette.bench.memcached.MemcachedTarget;
import io.cachette.bench.metrics.MetricsOverheadBenchmark;
import io.cachette.testkit.MemcachedServers;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of run.sh for one very short iteration, in this JVM, with every contender, so a broken
 * benchmark shows up in {@code mvn verify} and not only when someone runs the suite. Measures nothing.
 */
class BenchmarksSmokeTest {

    @RegisterExtension
    static final MemcachedServers MEMCACHED = MemcachedServers.start(1);

    @BeforeAll
    static void pointAtTheTestServerAndShrinkTheData() {
        System.setProperty(MemcachedTarget.PROPERTY, MEMCACHED.hostPort(0));
        System.setProperty(MemcachedClientBenchmark.KEYS_PROPERTY, "500");
        System.setProperty(SessionFindBenchmark.BOOKS_PROPERTY, "100");
    }

    @AfterAll
    static void restoreSystemProperties() {
        System.clearProperty(MemcachedTarget.PROPERTY);
        System.clearProperty(MemcachedClientBenchmark.KEYS_PROPERTY);
        System.clearProperty(SessionFindBenchmark.BOOKS_PROPERTY);
    }

    private static Collection<RunResult> runOnce(Class<?> benchmark, String contenderParam, List<String> contenders,
                                                 int threads, String... moreParams) throws RunnerException {
        OptionsBuilder builder = new OptionsBuilder();
        for (int i = 0; i < moreParams.length; i += 2) {
            builder.param(moreParams[i], moreParams[i + 1]);
        }
        Options options = builder
                .include(Pattern.quote(benchmark.getName()) + "\\.")
                .param(contenderParam, contenders.toArray(String[]::new))
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .threads(threads)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        return new Runner(options).run();
    }

    private static Set<String> ran(Collection<RunResult> results, String contenderParam) {
        return results.stream()
                .map(r -> r.getParams().getBenchmark().replaceAll(".*\\.", "") + "/" + r.getParams().getParam(contenderParam)
                        + "/" + r.getParams().getMode().shortLabel())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyContenderWhoseCodeExists_isOnTheClassPath() {
        assertEquals(Contenders.all("local"), Contenders.available("local"));
        assertEquals(Contenders.all("memcached"), Contenders.available("memcached"));
        // the Cachette sides of benchmarks 4 and 5 on memcached need memcached-backend's StoreFactory service
        assertEquals(Contenders.all("jcache-memcached"), Contenders.available("jcache-memcached"));
        assertEquals(Contenders.all("hibernate"), Contenders.available("hibernate"));
        assertEquals(Contenders.all("metrics"), Contenders.available("metrics"));
    }

    @Test
    void localCacheBenchmark_everyOperationAndContender_runs() throws RunnerException {
        List<String> contenders = Contenders.available("local");
        // by value only: the by-reference runs take the same code path in the benchmark, and time here is short
        Collection<RunResult> results = runOnce(LocalCacheBenchmark.class, "cache", contenders, 2, "store", "value");
        assertEquals(3 * contenders.size(), results.size(), ran(results, "cache").toString());
        results.forEach(r -> assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString()));
    }

    @Test
    void memcachedClientBenchmark_everyOperationAndClient_runs() throws RunnerException {
        List<String> contenders = Contenders.available("memcached");
        Collection<RunResult> results = runOnce(MemcachedClientBenchmark.class, "client", contenders, 2);
        // two operations, each in throughput and sample-time mode
        assertEquals(2 * 2 * contenders.size(), results.size(), ran(results, "client").toString());
        results.forEach(r -> assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString()));
    }

    @Test
    void jcacheOverMemcachedBenchmark_everyOperationAndImplementation_runs() throws RunnerException {
        List<String> contenders = Contenders.available("jcache-memcached");
        Collection<RunResult> results = runOnce(JCacheOverMemcachedBenchmark.class, "impl", contenders, 2);
        assertEquals(2 * 2 * contenders.size(), results.size(), ran(results, "impl").toString());
        results.forEach(r -> assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString()));
    }

    @Test
    void sessionFindBenchmark_everySecondLevelCacheOnPostgres_runs() throws RunnerException {
        List<String> contenders = Contenders.available("hibernate");
        Collection<RunResult> results = runOnce(SessionFindBenchmark.class, "l2", contenders, 1, "database", "postgres");
        // one and ten finds per transaction, and the update
        assertEquals(3 * contenders.size(), results.size(), ran(results, "l2").toString());
        results.forEach(r -> assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString()));
    }

    @Test
    void metricsOverheadBenchmark_everyStoreAndVariant_runs() throws RunnerException {
        List<String> variants = Contenders.available("metrics");
        Collection<RunResult> results = runOnce(MetricsOverheadBenchmark.class, "metrics", variants, 1);
        // the local store and memcached
        assertEquals(2 * variants.size(), results.size(), ran(results, "metrics").toString());
        results.forEach(r -> assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString()));
    }

    @Test
    void hitRatio_shortZipfTrace_everyContenderHitsAndMisses() {
        ZipfTrace zipf = ZipfTrace.standard();
        int[] trace = zipf.sample(150_000, ZipfTrace.KEY_SPACE, 7);
        for (String contender : Contenders.available("local")) {
            try (LocalCaches.Open open = LocalCaches.named(contender).open(ZipfTrace.BOUND, false)) {
                double ratio = HitRatio.replay(open.cache(), zipf, trace, 50_000);
                assertTrue(ratio > 0 && ratio < 100, contender + ": " + ratio);
            }
        }
    }

    @Test
    void memoryPerEntry_smallFill_countsAtLeastTheKeyAndValue() throws InterruptedException {
        for (String contender : Contenders.available("local")) {
            double perEntry = MemoryPerEntry.measure(LocalCaches.named(contender), false, 20_000);
            // a Long key and a 16-char String value alone take 72 bytes
            assertTrue(perEntry > 72, contender + ": " + perEntry + " B/entry");
        }
    }

    @Test
    void missStorm_oneStormOfTwoThreadsPerManager_everyContenderLoads() throws Exception {
        List<String> contenders = MissStorm.run(MEMCACHED.uri(), 1, 2).stream()
                .peek(result -> assertTrue(result.loadsPerStorm()[0] >= 1, result.contender() + " never loaded"))
                .map(result -> result.contender())
                .toList();
        assertEquals(List.of("naive", "herd", "local"), contenders);
    }
}
