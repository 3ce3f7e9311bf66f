package io.cachette.bench.memcached;

import java.net.InetSocketAddress;
import java.util.List;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;

/** xmemcached 2.4 with its defaults (text protocol, one NIO connection per server, pipelining). */
final class XmemcachedClient implements BenchClient {

    private final MemcachedClient client;

    XmemcachedClient(InetSocketAddress server) throws Exception {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(server));
        builder.setOpTimeout(TIMEOUT_MILLIS);
        builder.setConnectTimeout(TIMEOUT_MILLIS);
        client = builder.build();
    }

    @Override
    public byte[] get(String key) throws Exception {
        return client.get(key, TIMEOUT_MILLIS);
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        if (!client.set(key, 0, value, TIMEOUT_MILLIS)) {
            throw new IllegalStateException("xmemcached: set of " + key + " was not stored");
        }
    }

    @Override
    public void close() throws Exception {
        client.shutdown();
    }
}
