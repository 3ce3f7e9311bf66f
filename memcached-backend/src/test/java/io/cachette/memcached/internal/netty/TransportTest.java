package io.cachette.memcached.internal.netty;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.testing.ServerAddresses;
import io.cachette.testkit.MemcachedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client picks native epoll on Linux x86-64 (the platform whose native library the module ships) and Java NIO
 * when told to; the NIO path does the pipelined work that the rest of the suite checks on epoll (its failure
 * handling: {@code NioFailureHandlingTest}).
 */
class TransportTest {

    @RegisterExtension
    final MemcachedServers servers = MemcachedServers.start(2);

    private MemcachedClient connect(boolean nativeTransport) {
        return MemcachedClient.builder()
                .servers(ServerAddresses.of(servers))
                .operationTimeout(Duration.ofSeconds(5))
                .nativeTransport(nativeTransport)
                .build();
    }

    private static boolean linuxX86() {
        return System.getProperty("os.name").equals("Linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    @Test
    void byDefault_onLinuxX86_connectionsUseNativeEpoll() {
        try (MemcachedClient client = connect(true)) {
            assertEquals(linuxX86() ? "epoll" : "nio", ((NettyMemcachedClient) client).transportName());
        }
    }

    @Test
    void nativeTransportOff_connectionsUseNio() {
        try (MemcachedClient client = connect(false)) {
            assertEquals("nio", ((NettyMemcachedClient) client).transportName());
        }
    }

    @Test
    void nio_manyCallersPipelineSetsAndGets_everyValueReadBack() throws Exception {
        try (MemcachedClient client = connect(false)) {
            BlockingMemcachedClient sync = client.blocking();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int caller = t;
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < 250; i++) {
                            String key = "nio:" + caller + ":" + i;
                            sync.set(key, bytes(key), 0, 0);
                            assertArrayEquals(bytes(key), sync.get(key).value(), key);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            List<String> keys = List.of("nio:0:0", "nio:3:17", "nio:7:249", "nio:absent");
            Map<String, Item> found = client.getMulti(keys).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("nio:0:0", "nio:3:17", "nio:7:249"), keys.stream().filter(found::containsKey).toList());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
