package io.cachette.bench.memcached;

import java.net.InetSocketAddress;

/**
 * The two operations benchmark 3 measures, over one memcached client library. Each call blocks until the server
 * answered, so a JMH thread is one caller with one request in flight; the libraries pipeline the callers' requests
 * on their connections.
 */
interface BenchClient extends AutoCloseable {

    /** Operation timeout of every client: long, because a loaded 2-core machine stalls callers for a while. */
    long TIMEOUT_MILLIS = 10_000;

    /** The value stored under {@code key}, or {@code null} on a miss. */
    byte[] get(String key) throws Exception;

    /** Stores {@code value} under {@code key} with no expiry and waits for the server's answer. */
    void set(String key, byte[] value) throws Exception;

    @Override
    void close() throws Exception;

    /** Connects the client named {@code name} ({@code spymemcached}, {@code xmemcached}, {@code cachette}). */
    static BenchClient connect(String name, InetSocketAddress server) throws Exception {
        return switch (name) {
            case "cachette" -> new CachetteClient(server);
            case "spymemcached" -> new SpymemcachedClient(server);
            case "xmemcached" -> new XmemcachedClient(server);
            default -> throw new IllegalArgumentException(
                    "unknown memcached client '" + name + "', expected cachette, spymemcached or xmemcached");
        };
    }
}
