package io.cachette.memcached;

import io.cachette.memcached.internal.netty.NettyMemcachedClient;
import io.cachette.memcached.internal.routing.KetamaNodeLocator;
import io.cachette.memcached.internal.routing.NodeLocator;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the settings of a {@link MemcachedClient}; {@link #build()} validates them once into a
 * {@link MemcachedClientConfig} and connects. Not thread-safe; a builder may build several clients.
 */
public final class MemcachedClientBuilder {

    /** memcached's default item size limit ({@code -I 1m}). */
    public static final int DEFAULT_ITEM_SIZE_LIMIT = 1024 * 1024;
    /** Room left for the item header (key ≤ 250 bytes, CAS, flags, suffix) under the item size limit. */
    public static final int ITEM_HEADER_ALLOWANCE = 512;

    private List<ServerAddress> servers;
    private NodeLocator locator;
    private KetamaKeyFormat keyFormat = KetamaKeyFormat.SPYMEMCACHED;
    private Map<ServerAddress, Integer> weights = Map.of();
    private int connectionsPerServer = 1;
    private Duration operationTimeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration adminTimeout = Duration.ofSeconds(30);
    private int failureThreshold = 3;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
    private Duration reconnectInitialDelay = Duration.ofMillis(100);
    private Duration reconnectMaxDelay = Duration.ofSeconds(2);
    private int itemSizeLimit = DEFAULT_ITEM_SIZE_LIMIT;
    private int maxValueBytes = -1;
    private int ioThreads = -1;
    private boolean nativeTransport = true;
    private ServerStateListener stateListener = (server, from, to) -> { };
    private SslContext sslContext;
    private boolean tlsHostnameVerification = true;
    private MemcachedCredentials credentials;
    private boolean flushOnReadmission;
    private String failoverSweepPrefix;

    MemcachedClientBuilder() {
    }

    /** The servers (required, at least one, no duplicates). */
    public MemcachedClientBuilder servers(List<ServerAddress> servers) {
        this.servers = List.copyOf(servers);
        return this;
    }

    /** The servers as {@code host:port} texts. */
    public MemcachedClientBuilder servers(String... servers) {
        return servers(java.util.Arrays.stream(servers).map(ServerAddress::parse).toList());
    }

    /**
     * How ketama point keys are spelled (default {@link KetamaKeyFormat#SPYMEMCACHED}); pick the format of the
     * other clients that share the cluster so keys land on the same servers. Ignored with {@link #locator}.
     */
    public MemcachedClientBuilder ketamaKeyFormat(KetamaKeyFormat format) {
        this.keyFormat = Objects.requireNonNull(format, "format");
        return this;
    }

    /** Per-server ketama weights (default none: equal shares). Ignored with {@link #locator}. */
    public MemcachedClientBuilder weights(Map<ServerAddress, Integer> weights) {
        this.weights = Map.copyOf(weights);
        return this;
    }

    /**
     * Replaces the default ketama ring ({@link KetamaNodeLocator} over the servers with the configured key format
     * and weights) by another key-to-server mapping; its {@link NodeLocator#servers()} must be the same servers.
     */
    public MemcachedClientBuilder locator(NodeLocator locator) {
        this.locator = Objects.requireNonNull(locator, "locator");
        return this;
    }

    /** Pipelined connections per server (default 1). */
    public MemcachedClientBuilder connectionsPerServer(int count) {
        this.connectionsPerServer = count;
        return this;
    }

    /** Per-operation reply timeout (default 500 ms). */
    public MemcachedClientBuilder operationTimeout(Duration timeout) {
        this.operationTimeout = timeout;
        return this;
    }

    /** TCP connect timeout (default 1 s). */
    public MemcachedClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** Timeout of stats, flush_all and key dumps (default 30 s). */
    public MemcachedClientBuilder adminTimeout(Duration timeout) {
        this.adminTimeout = timeout;
        return this;
    }

    /** Consecutive failures that mark a server down (default 3). */
    public MemcachedClientBuilder failureThreshold(int failures) {
        this.failureThreshold = failures;
        return this;
    }

    /** Fail fast (default) or fail over for keys of a down server. */
    public MemcachedClientBuilder failurePolicy(FailurePolicy policy) {
        this.failurePolicy = policy;
        return this;
    }

    /**
     * Reconnect backoff: first delay (default 100 ms), doubling with jitter up to {@code max} (default 2 s, so a
     * server that comes back is re-admitted within about 2 s however long it was away; one connect attempt per
     * down server every 1–2 s costs nothing).
     */
    public MemcachedClientBuilder reconnectDelay(Duration initial, Duration max) {
        this.reconnectInitialDelay = initial;
        this.reconnectMaxDelay = max;
        return this;
    }

    /** The servers' item size limit, memcached's {@code -I} (default 1 MiB). */
    public MemcachedClientBuilder itemSizeLimit(int bytes) {
        this.itemSizeLimit = bytes;
        return this;
    }

    /** Largest value the client sends (default: item size limit minus {@value #ITEM_HEADER_ALLOWANCE}). */
    public MemcachedClientBuilder maxValueBytes(int bytes) {
        this.maxValueBytes = bytes;
        return this;
    }

    /** Netty I/O threads (default: min(processors, total connections)). */
    public MemcachedClientBuilder ioThreads(int threads) {
        this.ioThreads = threads;
        return this;
    }

    /**
     * Whether connections use Netty's native epoll transport on Linux (default {@code true}): less CPU per request
     * than Java NIO. Where the native library does not load (other systems, other CPUs, or the
     * {@code netty-transport-native-epoll} jar excluded) the client uses NIO either way; {@code false} forces NIO.
     */
    public MemcachedClientBuilder nativeTransport(boolean enabled) {
        this.nativeTransport = enabled;
        return this;
    }

    /** Told when a server goes down or is re-admitted. */
    public MemcachedClientBuilder stateListener(ServerStateListener listener) {
        this.stateListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Speaks TLS to every server ({@code memcached -Z -o ssl_chain_cert=…,ssl_key=…}) with a client context, e.g.
     * {@code SslContextBuilder.forClient().trustManager(caPemFile).build()}; the server's certificate must name
     * the configured host (DNS name or IP address).
     */
    public MemcachedClientBuilder tls(SslContext clientContext) {
        return tls(clientContext, true);
    }

    /**
     * Like {@link #tls(SslContext)}; {@code verifyHostname false} accepts any certificate the context trusts,
     * whatever name it carries (for servers addressed by names their certificates do not list).
     */
    public MemcachedClientBuilder tls(SslContext clientContext, boolean verifyHostname) {
        this.sslContext = Objects.requireNonNull(clientContext, "clientContext");
        this.tlsHostnameVerification = verifyHostname;
        return this;
    }

    /**
     * Authenticates every connection with memcached's ASCII authentication ({@code memcached -Y <file>} with
     * {@code username:password} lines). Refused credentials make the server's operations fail with
     * {@link MemcachedAuthenticationException}. Combine with {@link #tls} unless the network is trusted: the
     * password is sent as is.
     */
    public MemcachedClientBuilder authentication(String username, String password) {
        this.credentials = new MemcachedCredentials(username, password);
        return this;
    }

    /**
     * Sends {@code flush_all} to a server that was down before routing any key to it again (default: off). A server
     * that stalled or lost its network keeps what it held, and keys written, replaced or removed elsewhere (or
     * refused) meanwhile would come back stale; the flush empties it first, and its keys are unavailable (fail
     * fast, or fail over) until the flush succeeded. Turn it on when the servers hold a cache of data that
     * changes; the memcached JCache store does unless {@code readmission=keep}.
     */
    public MemcachedClientBuilder flushOnReadmission(boolean flush) {
        this.flushOnReadmission = flush;
        return this;
    }

    /**
     * Under {@link FailurePolicy#FAILOVER}, deletes the copies that keys starting with {@code keyPrefix} left on
     * the servers they failed over to (default: no sweep). While a server is down its keys are written to the
     * next server on the ring; once it is back those copies are orphans, and they would be served again, stale,
     * the next time that server fails. The client sweeps every server with {@code lru_crawler metadump} after
     * each re-admission and once at start-up (the orphans may be another process's), deleting prefixed keys the
     * ring no longer routes there; until a sweep has finished, keys of a down server fail fast instead of failing
     * over. Use a prefix only your application writes: keys of others are never touched.
     */
    public MemcachedClientBuilder sweepFailoverCopies(String keyPrefix) {
        this.failoverSweepPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        return this;
    }

    /** Validates the settings. */
    public MemcachedClientConfig buildConfig() {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("memcached client needs at least one server");
        }
        if (new HashSet<>(servers).size() != servers.size()) {
            throw new IllegalArgumentException("memcached servers listed twice: " + servers);
        }
        NodeLocator ring = locator != null ? locator : new KetamaNodeLocator(servers, keyFormat, weights);
        if (!new HashSet<>(ring.servers()).equals(new HashSet<>(servers))) {
            throw new IllegalArgumentException("locator servers " + ring.servers() + " differ from " + servers);
        }
        requireRange("connectionsPerServer", connectionsPerServer, 1, 64);
        requirePositive("operationTimeout", operationTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("adminTimeout", adminTimeout);
        requireRange("failureThreshold", failureThreshold, 1, Integer.MAX_VALUE);
        requirePositive("reconnect initial delay", reconnectInitialDelay);
        requirePositive("reconnect max delay", reconnectMaxDelay);
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnect max delay " + reconnectMaxDelay
                    + " is below the initial delay " + reconnectInitialDelay);
        }
        requireRange("itemSizeLimit", itemSizeLimit, 1024, 1024 * 1024 * 1024);
        int maxValue = maxValueBytes < 0 ? itemSizeLimit - ITEM_HEADER_ALLOWANCE : maxValueBytes;
        requireRange("maxValueBytes", maxValue, 0, itemSizeLimit);
        int connections = servers.size() * connectionsPerServer;
        int threads = ioThreads < 0
                ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), connections)) : ioThreads;
        requireRange("ioThreads", threads, 1, 1024);
        return new MemcachedClientConfig(servers, ring, connectionsPerServer, operationTimeout, connectTimeout,
                adminTimeout, failureThreshold, failurePolicy, reconnectInitialDelay, reconnectMaxDelay,
                itemSizeLimit, maxValue, threads, stateListener, sslContext, tlsHostnameVerification, credentials,
                flushOnReadmission, failoverSweepPrefix, nativeTransport);
    }

    /**
     * Validates the settings, starts the I/O threads and connects to every server, waiting up to the connect
     * timeout; a server that cannot be reached starts down and is reconnected in the background.
     */
    public MemcachedClient build() {
        return new NettyMemcachedClient(buildConfig());
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is not in " + min + ".." + max);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " " + value + " must be positive");
        }
    }
}
