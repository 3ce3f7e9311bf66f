package io.cachette.memcached;

import io.cachette.memcached.routing.NodeLocator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated, immutable settings of a {@link MemcachedClient}, built once by {@link MemcachedClientBuilder}.
 *
 * @param servers               the servers, in configuration order
 * @param locator               maps keys to servers (its server list is {@code servers})
 * @param connectionsPerServer  long-lived pipelined connections per server
 * @param operationTimeout      how long an operation waits for its reply
 * @param connectTimeout        how long a TCP connect may take
 * @param adminTimeout          timeout of {@code stats}, {@code flush_all} and key dumps
 * @param failureThreshold      consecutive failures (timeouts, lost connections) that mark a server down
 * @param failurePolicy         what happens to keys of a down server
 * @param reconnectInitialDelay first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMaxDelay     cap of the reconnect delay
 * @param itemSizeLimit         the servers' item size limit ({@code -I}, 1 MiB by default); replies with larger
 *                              values are treated as corrupt
 * @param maxValueBytes         largest value the client sends (the item limit covers the item header too, so this
 *                              is conservatively below {@code itemSizeLimit})
 * @param ioThreads             Netty event-loop threads
 * @param stateListener         told about down / re-admitted servers
 */
public record MemcachedClientConfig(List<ServerAddress> servers, NodeLocator locator, int connectionsPerServer,
                                    Duration operationTimeout, Duration connectTimeout, Duration adminTimeout,
                                    int failureThreshold, FailurePolicy failurePolicy,
                                    Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                                    int itemSizeLimit, int maxValueBytes, int ioThreads,
                                    ServerStateListener stateListener) {

    public MemcachedClientConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(adminTimeout, "adminTimeout");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(reconnectInitialDelay, "reconnectInitialDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(stateListener, "stateListener");
    }
}
