package io.cachette.bench.memcached;

import io.cachette.bench.ThreadRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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

/**
 * Benchmark 3 of issue 7: get and set of 100-byte values against one local memcached, every JMH thread a caller
 * with one blocking request in flight (run.sh: {@code -t 16} and {@code -t 128}), all callers sharing one client so
 * that the client pipelines them. Throughput mode counts the operations the callers completed; sample-time mode
 * gives p50/p99. (Callers / mean latency is no substitute for the count: with more callers than cores a woken caller
 * waits for a CPU outside the timed call, and how long depends on how much CPU the client itself burns.)
 * <p>
 * The 10,000 keys are loaded in setup, so every get hits.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemcachedClientBenchmark {

    /** How many keys are loaded and then read or overwritten. */
    static final int KEYS = 10_000;
    /** System property that overrides {@link #KEYS} (the smoke test loads fewer). */
    public static final String KEYS_PROPERTY = "bench.memcached.keys";
    static final int VALUE_BYTES = 100;

    @Param({"cachette", "spymemcached", "xmemcached"})
    public String client;

    private BenchClient connection;
    private String[] keys;
    private byte[] value;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        connection = BenchClient.connect(client, MemcachedTarget.server());
        keys = new String[Integer.getInteger(KEYS_PROPERTY, KEYS)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "bench:" + client + ":" + i;
        }
        value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');
        KeyLoader.load(keys, key -> connection.set(key, value));
        byte[] check = connection.get(keys[keys.length - 1]);
        if (check == null || check.length != VALUE_BYTES) {
            throw new IllegalStateException(client + " did not read back the " + VALUE_BYTES + "-byte value it stored");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        connection.close();
    }

    @Benchmark
    public byte[] get(ThreadRandom caller) throws Exception {
        return connection.get(keys[caller.nextInt(keys.length)]);
    }

    @Benchmark
    public void set(ThreadRandom caller) throws Exception {
        connection.set(keys[caller.nextInt(keys.length)], value);
    }
}
