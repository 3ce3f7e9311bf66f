package io.cachette.memcached;

import io.cachette.memcached.internal.routing.NodeLocator;
import io.netty.handler.ssl.SslContext;

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
 * @param sslContext            client TLS context for every connection ({@code memcached -Z}); {@code null}: plain TCP
 * @param tlsHostnameVerification whether TLS checks that the server's certificate names the configured host
 * @param credentials           ASCII authentication of every connection ({@code memcached -Y}); {@code null}: none
 * @param flushOnReadmission    whether a server that was down is sent {@code flush_all} before any key is routed to
 *                              it again, so that nothing it held before the outage is served
 * @param failoverSweepPrefix   under {@link FailurePolicy#FAILOVER}: keys with this prefix that a server holds
 *                              although the ring routes them elsewhere (copies written while their owner was
 *                              down) are deleted after every re-admission and at start-up; {@code null}: no sweep
 * @param nativeTransport       whether connections use Linux's native epoll where it loads (else Java NIO)
 */
public record MemcachedClientConfig(List<ServerAddress> servers, NodeLocator locator, int connectionsPerServer,
                                    Duration operationTimeout, Duration connectTimeout, Duration adminTimeout,
                                    int failureThreshold, FailurePolicy failurePolicy,
                                    Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                                    int itemSizeLimit, int maxValueBytes, int ioThreads,
                                    ServerStateListener stateListener, SslContext sslContext,
                                    boolean tlsHostnameVerification, MemcachedCredentials credentials,
                                    boolean flushOnReadmission, String failoverSweepPrefix, boolean nativeTransport) {

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
        if (sslContext != null && !sslContext.isClient()) {
            throw new IllegalArgumentException("the memcached client needs a client-side SslContext "
                    + "(SslContextBuilder.forClient())");
        }
        if (failoverSweepPrefix != null && failoverSweepPrefix.isEmpty()) {
            throw new IllegalArgumentException("the failover sweep needs a non-empty key prefix: an empty one would"
                    + " delete keys of every application sharing the servers");
        }
    }

    /**
     * Settings without TLS, authentication, flush on re-admission and failover sweep; native transport where it
     * loads.
     */
    public MemcachedClientConfig(List<ServerAddress> servers, NodeLocator locator, int connectionsPerServer,
                                 Duration operationTimeout, Duration connectTimeout, Duration adminTimeout,
                                 int failureThreshold, FailurePolicy failurePolicy,
                                 Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                                 int itemSizeLimit, int maxValueBytes, int ioThreads,
                                 ServerStateListener stateListener) {
        this(servers, locator, connectionsPerServer, operationTimeout, connectTimeout, adminTimeout, failureThreshold,
                failurePolicy, reconnectInitialDelay, reconnectMaxDelay, itemSizeLimit, maxValueBytes, ioThreads,
                stateListener, null, true, null, false, null, true);
    }
}
