package io.cachette.bench.memcached;

import io.cachette.bench.ThreadRandom;
import io.cachette.bench.Contenders;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
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
 * Benchmark 4 of issue 7: the cost of our JCache layer over memcached. {@code cachette} is a JCache from a
 * {@code memcached://} CacheManager (key layout, envelope, codec, expiry, JCache semantics); {@code raw-client} is
 * our memcached client with the value put through Java serialization by hand, which is the least any JCache over
 * memcached must do. {@code String → 100-char String}, 16 callers in run.sh, measured like
 * {@link MemcachedClientBenchmark} (throughput mode for the count, sample time for percentiles).
 * <p>
 * The near tier (issue 20): {@code cachette-near-strict} and {@code cachette-near-bounded} are the same JCache with
 * a near tier in strict and in bounded mode, and {@code cachette-local} a JCache of Cachette's local store with the
 * same keys and values: strict is compared with plain memcached ({@code cachette}), bounded with the local store.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JCacheOverMemcachedBenchmark {

    @Param({"cachette", "cachette-near-strict", "cachette-near-bounded", "cachette-local", "raw-client"})
    public String impl;

    private Operations operations;
    private String[] keys;
    private String value;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        InetSocketAddress server = MemcachedTarget.server();
        operations = switch (impl) {
            case "cachette" -> new JCacheOperations(memcached(server, ""));
            case "cachette-near-strict" -> new JCacheOperations(memcached(server,
                    "?near-cache.max-entries=20000&near-cache.mode=strict"));
            case "cachette-near-bounded" -> new JCacheOperations(memcached(server,
                    "?near-cache.max-entries=20000&near-cache.mode=bounded"));
            case "cachette-local" -> new JCacheOperations(URI.create("cachette:bench4-local"));
            case "raw-client" -> new RawClientOperations(server);
            default -> throw new IllegalArgumentException("unknown implementation '" + impl + "', expected cachette,"
                    + " cachette-near-strict, cachette-near-bounded, cachette-local or raw-client");
        };
        keys = new String[Integer.getInteger(MemcachedClientBenchmark.KEYS_PROPERTY, MemcachedClientBenchmark.KEYS)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "bench4:" + impl + ":" + i;
        }
        value = "v".repeat(MemcachedClientBenchmark.VALUE_BYTES);
        KeyLoader.load(keys, key -> operations.put(key, value));
        if (!value.equals(operations.get(keys[keys.length - 1]))) {
            throw new IllegalStateException(impl + " did not read back the value it stored");
        }
    }

    private static URI memcached(InetSocketAddress server, String query) {
        return URI.create("memcached://" + server.getHostString() + ":" + server.getPort() + query);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        operations.close();
    }

    @Benchmark
    public String get(ThreadRandom caller) throws Exception {
        return operations.get(keys[caller.nextInt(keys.length)]);
    }

    @Benchmark
    public void put(ThreadRandom caller) throws Exception {
        operations.put(keys[caller.nextInt(keys.length)], value);
    }

    /** The two operations, over JCache or over the raw client. */
    private interface Operations extends AutoCloseable {
        String get(String key) throws Exception;

        void put(String key, String value) throws Exception;
    }

    /** A JCache of a Cachette CacheManager: the memcached backend (with or without a near tier) or the local store. */
    private static final class JCacheOperations implements Operations {
        private final CacheManager manager;
        private final Cache<String, String> cache;

        JCacheOperations(URI uri) {
            String providerClass = Contenders.firstPresent(Contenders.markers("local", "cachette"));
            CachingProvider provider = Caching.getCachingProvider(providerClass);
            manager = provider.getCacheManager(uri, provider.getDefaultClassLoader());
            String name = "bench4";
            Cache<String, String> existing = manager.getCache(name, String.class, String.class);
            cache = existing != null ? existing
                    : manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
        }

        @Override
        public String get(String key) {
            return cache.get(key);
        }

        @Override
        public void put(String key, String value) {
            cache.put(key, value);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** Our client, values serialized with {@link ObjectOutputStream} as a JCache by value would have to. */
    private static final class RawClientOperations implements Operations {
        private final MemcachedClient client;

        RawClientOperations(InetSocketAddress server) {
            client = MemcachedClient.builder()
                    .servers(List.of(ServerAddress.parse(server.getHostString() + ":" + server.getPort())))
                    .operationTimeout(Duration.ofMillis(BenchClient.TIMEOUT_MILLIS))
                    .build();
        }

        @Override
        public String get(String key) throws Exception {
            Item item = client.get(key).get(BenchClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (item == null) {
                return null;
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(item.value()))) {
                return (String) in.readObject();
            }
        }

        @Override
        public void put(String key, String value) throws Exception {
            client.set(key, serialize(value), 0, 0).get(BenchClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        private static byte[] serialize(Object value) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.toByteArray();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
