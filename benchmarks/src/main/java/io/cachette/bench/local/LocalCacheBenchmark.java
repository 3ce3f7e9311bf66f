package io.cachette.bench.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Benchmark 1 of issue 7: local JCache {@code get} (hit), {@code put} and a 90/10 get/put mix on a Zipf 0.99 trace
 * over 1M {@code Long} keys, the cache bounded at 100k entries, by reference and by value.
 * <p>
 * Every trial starts from the 100k hottest keys loaded. {@code getHit} replays the trace restricted to exactly those
 * keys, so every get hits (setup warns if a contender evicted some while still under its bound); {@code put} and
 * {@code getPut} replay the full trace, so the cache evicts. Threads: {@code -t 1} and {@code -t 2} from run.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocalCacheBenchmark {

    /** Length of each replayed trace; a power of two so a cursor wraps with a mask. */
    static final int TRACE_LENGTH = 1 << 21;
    private static final int MASK = TRACE_LENGTH - 1;
    private static final int VALUES = 1024;
    /** Replayed keys by number of ranks drawn from; shared by the trials of one JVM (read-only once built). */
    private static final Map<Integer, Long[]> TRACES = new ConcurrentHashMap<>();

    @Param({"cachette", "caffeine", "ehcache"})
    public String cache;

    @Param({"reference", "value"})
    public String store;

    private LocalCaches.Open open;
    private Cache<Long, String> jcache;
    private Long[] hitKeys;
    private Long[] traceKeys;
    private String[] values;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        ZipfTrace zipf = ZipfTrace.standard();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        traceKeys = TRACES.computeIfAbsent(method.equals("getHit") ? ZipfTrace.BOUND : ZipfTrace.KEY_SPACE, topRanks -> {
            int[] trace = zipf.sample(TRACE_LENGTH, topRanks, ZipfTrace.SEED + topRanks);
            Long[] keys = new Long[TRACE_LENGTH];
            for (int i = 0; i < TRACE_LENGTH; i++) {
                keys[i] = zipf.key(trace[i]);
            }
            return keys;
        });
        values = new String[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = String.format("value-%010d", i);
        }
        open = LocalCaches.named(cache).open(ZipfTrace.BOUND, store.equals("value"));
        jcache = open.cache();
        int resident = 0;
        for (int rank = 0; rank < ZipfTrace.BOUND; rank++) {
            Long key = zipf.key(zipf.keyOfRank(rank));
            jcache.put(key, values[rank & (VALUES - 1)]);
        }
        for (int rank = 0; rank < ZipfTrace.BOUND; rank++) {
            if (jcache.containsKey(zipf.key(zipf.keyOfRank(rank)))) {
                resident++;
            }
        }
        if (resident < ZipfTrace.BOUND && method.equals("getHit")) {
            System.err.printf("WARNING %s holds %d of the %d keys loaded at its bound: getHit also measures misses%n",
                    cache, resident, ZipfTrace.BOUND);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
    }

    /** Each thread walks the trace from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int position;
        int count;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            position = (int) ((long) TRACE_LENGTH * thread.getThreadIndex() / thread.getThreadCount());
        }

        int next() {
            return position++ & MASK;
        }
    }

    @Benchmark
    public String getHit(Cursor cursor) {
        return jcache.get(traceKeys[cursor.next()]);
    }

    @Benchmark
    public void put(Cursor cursor) {
        int i = cursor.next();
        jcache.put(traceKeys[i], values[i & (VALUES - 1)]);
    }

    /** Nine gets, then one put, in trace order. */
    @Benchmark
    public String getPut(Cursor cursor) {
        int i = cursor.next();
        if (++cursor.count == 10) {
            cursor.count = 0;
            jcache.put(traceKeys[i], values[i & (VALUES - 1)]);
            return null;
        }
        return jcache.get(traceKeys[i]);
    }
}
