package io.cachette.bench.memcached;

import java.net.InetSocketAddress;

/**
 * Where the memcached benchmarks send their traffic: {@code -Dbench.memcached=127.0.0.1:PORT} or the environment
 * variable {@code BENCH_MEMCACHED} (JMH's forked JVMs inherit the environment). Only loopback addresses are
 * accepted: these benchmarks load a server hard and must only ever hit one that run.sh or the smoke test started.
 */
public final class MemcachedTarget {

    /** The system property and (upper-cased, dots as underscores) environment variable naming the server. */
    public static final String PROPERTY = "bench.memcached";

    private MemcachedTarget() {
    }

    /** The configured server; fails with a clear message when none is set or it is not a loopback address. */
    public static InetSocketAddress server() {
        String value = System.getProperty(PROPERTY, System.getenv("BENCH_MEMCACHED"));
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no memcached server to benchmark: set -D" + PROPERTY
                    + "=127.0.0.1:PORT or BENCH_MEMCACHED (benchmarks/run.sh starts one itself)");
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected host:port for " + PROPERTY + ", got '" + value + "'");
        }
        InetSocketAddress address = new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the memcached benchmarks only talk to a loopback server, got '" + value + "'");
        }
        return address;
    }
}
