package io.cachette.bench.memcached;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;

/** spymemcached 2.12 with its defaults (text protocol, one connection, request pipelining and get merging). */
final class SpymemcachedClient implements BenchClient {

    private final MemcachedClient client;

    SpymemcachedClient(InetSocketAddress server) throws Exception {
        client = new MemcachedClient(new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setOpTimeout(TIMEOUT_MILLIS)
                .build(), List.of(server));
    }

    @Override
    public byte[] get(String key) {
        return (byte[]) client.get(key);
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        if (!client.set(key, 0, value).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("spymemcached: set of " + key + " was not stored");
        }
    }

    @Override
    public void close() {
        client.shutdown(5, TimeUnit.SECONDS);
    }
}
