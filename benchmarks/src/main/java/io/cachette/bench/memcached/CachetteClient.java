package io.cachette.bench.memcached;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Cachette's memcached client with its defaults (meta protocol, one pipelined Netty connection per server). */
final class CachetteClient implements BenchClient {

    private final MemcachedClient client;

    CachetteClient(InetSocketAddress server) {
        client = MemcachedClient.builder()
                .servers(List.of(ServerAddress.parse(server.getHostString() + ":" + server.getPort())))
                .operationTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .build();
    }

    @Override
    public byte[] get(String key) throws Exception {
        Item item = client.get(key).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return item == null ? null : item.value();
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        client.set(key, value, 0, 0).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
