package io.cachette.memcached.internal.netty;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.IllegalKeyException;
import io.cachette.memcached.Item;
import io.cachette.memcached.LeaseRead;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.MemcachedServerErrorException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.FailoverSweepMetrics;
import io.cachette.memcached.RequestListener;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.StoreMode;
import io.cachette.memcached.ValueTooLargeException;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.internal.health.FailoverSweep;
import io.cachette.memcached.internal.meta.FlushAll;
import io.cachette.memcached.internal.meta.Keys;
import io.cachette.memcached.internal.meta.LruCrawlerMetadump;
import io.cachette.memcached.internal.meta.MetaArithmetic;
import io.cachette.memcached.internal.meta.MetaCommand;
import io.cachette.memcached.internal.meta.MetaDelete;
import io.cachette.memcached.internal.meta.MetaGet;
import io.cachette.memcached.internal.meta.MetaLeaseGet;
import io.cachette.memcached.internal.meta.MetaMultiGet;
import io.cachette.memcached.internal.meta.MetaSet;
import io.cachette.memcached.internal.meta.MetaTouch;
import io.cachette.memcached.internal.meta.SingleCommand;
import io.cachette.memcached.internal.meta.Stats;
import io.cachette.memcached.internal.routing.NodeLocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@link MemcachedClient} over Netty: routes each key through the {@link NodeLocator} to a
 * {@link ServerNode}, validates keys and value sizes before anything is sent, splits multi-gets per server and
 * owns the I/O threads. Built by {@link io.cachette.memcached.MemcachedClientBuilder#build()}.
 * <p>
 * {@link #incrBlocking} may answer on a server's {@link BlockingLane} (a plain blocking socket the caller uses
 * itself) instead of the pipelined connections; routing and health decide here, as for every other call.
 */
public final class NettyMemcachedClient implements MemcachedClient, BlockingIncrement {

    private static final int MAX_DUMP_KEYS = 50_000_000;
    private static final int METADUMP_BUSY_RETRIES = 20;

    private final MemcachedClientConfig config;
    private final NodeLocator locator;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Map<ServerAddress, ServerNode> nodes = new LinkedHashMap<>();
    private final BlockingMemcachedClient blocking = new BlockingMemcachedClient(this);
    private final FailoverSweep<ServerNode> sweep;
    private final RequestListeners requestListeners = new RequestListeners();
    private volatile boolean closed;

    /** Starts the I/O threads and connects, waiting up to the connect plus operation timeout. */
    public NettyMemcachedClient(MemcachedClientConfig config) {
        this.config = config;
        this.locator = config.locator();
        this.transport = Transport.choose(config.nativeTransport());
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("cachette-memcached", true), transport.ioHandlers());
        this.sweep = config.failurePolicy() == FailurePolicy.FAILOVER && config.failoverSweepPrefix() != null
                ? new FailoverSweep<>(config.failoverSweepPrefix(), nodes.values(), locator, n -> metadump(n, 0), group,
                        config.operationTimeout())
                : null;
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (ServerAddress server : config.servers()) {
            ServerNode node = new ServerNode(server, config, group, transport.socketChannels(), this::readmitted,
                    requestListeners);
            nodes.put(server, node);
            starts.add(node.start());
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                    .get(config.connectTimeout().plus(config.operationTimeout()).toMillis() + 1_000,
                            TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // servers that did not come up are down and reconnect in the background
        }
        if (sweep != null) {
            sweep.request(); // copies another process's failover left behind
        }
    }

    /** {@code epoll} or {@code nio}: the socket layer the connections use. */
    String transportName() {
        return transport.name();
    }

    private void readmitted() {
        if (sweep != null) {
            sweep.request();
        }
    }

    // ------------------------------------------------------------------ key operations

    @Override
    public CompletableFuture<Item> get(String key) {
        return submit(key, MetaGet::get);
    }

    @Override
    public CompletableFuture<Item> getAndTouch(String key, int ttlSeconds) {
        return submit(key, k -> MetaGet.getAndTouch(k, ttlSeconds));
    }

    @Override
    public CompletableFuture<LeaseRead> getOrLease(String key, int leaseSeconds) {
        return submit(key, k -> new MetaLeaseGet(k, leaseSeconds));
    }

    @Override
    public CompletableFuture<Boolean> touch(String key, int ttlSeconds) {
        return submit(key, k -> new MetaTouch(k, ttlSeconds));
    }

    @Override
    public CompletableFuture<Map<String, Item>> getMulti(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        if (closed) {
            return CompletableFuture.failedFuture(new MemcachedException("memcached client is closed"));
        }
        Map<ServerNode, List<String>> byNode = new LinkedHashMap<>();
        Map<ServerNode, List<byte[]>> encodedByNode = new HashMap<>();
        MemcachedServerDownException down = null;
        for (String key : new LinkedHashSet<>(keys)) {
            byte[] k;
            try {
                k = Keys.encode(key);
            } catch (IllegalKeyException e) {
                return CompletableFuture.failedFuture(e);
            }
            ServerNode node = route(k);
            if (node == null) {
                down = noServer(k);
                continue;
            }
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(key);
            encodedByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(k);
        }
        if (down != null) {
            return CompletableFuture.failedFuture(down);
        }
        if (byNode.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<CompletableFuture<Map<String, Item>>> parts = new ArrayList<>(byNode.size());
        for (Map.Entry<ServerNode, List<String>> entry : byNode.entrySet()) {
            MetaMultiGet batch = new MetaMultiGet(entry.getValue(), encodedByNode.get(entry.getKey()));
            entry.getKey().send(batch, 0);
            parts.add(batch.future());
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Item> all = new HashMap<>();
            for (CompletableFuture<Map<String, Item>> part : parts) {
                all.putAll(part.join());
            }
            return all;
        });
    }

    @Override
    public CompletableFuture<WriteResult> store(StoreMode mode, String key, byte[] value, int flags, int ttlSeconds,
                                                long cas) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(value, "value");
        byte[] k;
        try {
            k = Keys.encode(key);
        } catch (IllegalKeyException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (value.length > config.maxValueBytes()) {
            return CompletableFuture.failedFuture(new ValueTooLargeException("value of " + value.length
                    + " bytes for key '" + key + "' is over the client limit of " + config.maxValueBytes() + " bytes"));
        }
        return submit(new MetaSet(mode, k, value, flags, ttlSeconds, cas), k);
    }

    @Override
    public CompletableFuture<WriteResult> delete(String key, long cas) {
        return submit(key, k -> new MetaDelete(k, cas));
    }

    @Override
    public CompletableFuture<Long> incr(String key, long delta) {
        return arithmetic(key, false, delta, false, 0, 0);
    }

    @Override
    public CompletableFuture<Long> decr(String key, long delta) {
        return arithmetic(key, true, delta, false, 0, 0);
    }

    @Override
    public CompletableFuture<Long> incr(String key, long delta, long initial, int ttlSeconds) {
        return arithmetic(key, false, delta, true, initial, ttlSeconds);
    }

    @Override
    public CompletableFuture<Long> decr(String key, long delta, long initial, int ttlSeconds) {
        return arithmetic(key, true, delta, true, initial, ttlSeconds);
    }

    private CompletableFuture<Long> arithmetic(String key, boolean decrement, long delta, boolean create,
                                               long initial, int ttlSeconds) {
        return submit(key, k -> create
                ? MetaArithmetic.orCreate(k, decrement, delta, initial, ttlSeconds)
                : MetaArithmetic.of(k, decrement, delta));
    }

    /**
     * {@inheritDoc}
     * <p>
     * Answered on the owner's {@link BlockingLane} when {@code delta} is 0 (a read-or-create, which the fallback may
     * send a second time without harm; any other delta goes through the Netty path alone, where a failed request is
     * never sent twice), the client is open, the key is legal, its owner is up (so
     * {@link #route} picks the owner, under either failure policy), no failover sweep is active, the lane is free
     * and it gets exactly the success reply. In every other case, among them TLS or authentication configured (no
     * lanes then), and whenever the lane fails, the same call goes through the Netty path, which fails over, counts
     * the failure and throws the usual typed exception.
     */
    @Override
    public Long incrBlocking(String key, long delta, long initial, int ttlSeconds) {
        if (delta == 0 && !closed && (sweep == null || !sweep.active())) {
            byte[] k = null;
            try {
                k = Keys.encode(key);
            } catch (IllegalKeyException e) {
                // the Netty path fails it
            }
            if (k != null) {
                ServerNode owner = nodes.get(locator.locate(k));
                if (owner.isUp() && route(k) == owner) {
                    Long value = owner.laneIncrement(MetaArithmetic.orCreate(k, false, delta, initial, ttlSeconds));
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return BlockingMemcachedClient.join(incr(key, delta, initial, ttlSeconds));
    }

    /** The blocking lane of {@code server}; {@code null} with TLS or authentication configured. */
    BlockingLane lane(ServerAddress server) {
        return node(server).lane();
    }

    /** Sockets the blocking lanes opened, over all servers. */
    long lanesOpened() {
        return nodes.values().stream().mapToLong(ServerNode::lanesOpened).sum();
    }

    /** Calls the blocking lanes answered, over all servers. */
    long laneAnswers() {
        return nodes.values().stream().mapToLong(ServerNode::laneAnswers).sum();
    }

    /** Encodes {@code key} (an illegal one fails the future) and submits the command made for it. */
    private <T> CompletableFuture<T> submit(String key, Function<byte[], ? extends SingleCommand<T>> command) {
        byte[] k;
        try {
            k = Keys.encode(key);
        } catch (IllegalKeyException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(command.apply(k), k);
    }

    private <T> CompletableFuture<T> submit(SingleCommand<T> command, byte[] key) {
        if (closed) {
            return CompletableFuture.failedFuture(new MemcachedException("memcached client is closed"));
        }
        ServerNode node = route(key);
        if (node == null) {
            return CompletableFuture.failedFuture(noServer(key));
        }
        node.send(command, config.connectionsPerServer() == 1 ? 0 : Arrays.hashCode(key));
        return command.future();
    }

    /**
     * The owner of {@code key}; under FAILOVER the next usable one when the owner is down ({@code null}: none), unless
     * a sweep of failover copies is due: then the owner, which fails fast.
     */
    private ServerNode route(byte[] key) {
        ServerNode owner = nodes.get(locator.locate(key));
        if (owner.isUp() || config.failurePolicy() == FailurePolicy.FAIL_FAST
                || sweep != null && sweep.active()) {
            return owner;
        }
        ServerAddress next = locator.locate(key, server -> nodes.get(server).isUp());
        return next == null ? null : nodes.get(next);
    }

    private MemcachedServerDownException noServer(byte[] key) {
        return new MemcachedServerDownException("no memcached server is up for key '"
                + new String(key, java.nio.charset.StandardCharsets.UTF_8) + "'");
    }

    // ------------------------------------------------------------------ per-server operations

    @Override
    public CompletableFuture<Void> flushAll(ServerAddress server) {
        FlushAll command = new FlushAll();
        sendAdmin(server, command);
        return command.future();
    }

    @Override
    public CompletableFuture<Map<String, String>> stats(ServerAddress server) {
        Stats command = new Stats();
        sendAdmin(server, command);
        return command.future();
    }

    private void sendAdmin(ServerAddress server, MetaCommand command) {
        if (closed) {
            command.fail(new MemcachedException("memcached client is closed"));
            return;
        }
        node(server).send(command, 0, config.adminTimeout().toNanos());
    }

    @Override
    public CompletableFuture<List<String>> keys(ServerAddress server) {
        ServerNode node = node(server);
        if (closed) {
            return CompletableFuture.failedFuture(new MemcachedException("memcached client is closed"));
        }
        if (!node.isUp()) {
            return CompletableFuture.failedFuture(new MemcachedServerDownException(
                    "memcached server " + server + " is down"));
        }
        return metadump(node, 0);
    }

    /** Runs the dump on a connection of its own (memcached refuses to pipeline it); retries while the crawler is busy. */
    private CompletableFuture<List<String>> metadump(ServerNode node, int attempt) {
        return node.connect(config.adminTimeout().toNanos()).thenCompose(connection -> {
            LruCrawlerMetadump dump = new LruCrawlerMetadump(MAX_DUMP_KEYS);
            connection.send(dump);
            return dump.future().whenComplete((keys, failure) ->
                    connection.close(new MemcachedException("metadump connection done")));
        }).handle((keys, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof MemcachedServerErrorException busy && busy.getMessage().contains("BUSY")
                    && attempt < METADUMP_BUSY_RETRIES && !closed) {
                CompletableFuture<List<String>> retry = new CompletableFuture<>();
                group.schedule(() -> metadump(node, attempt + 1).whenComplete((k, f) -> {
                    if (f != null) {
                        retry.completeExceptionally(f);
                    } else {
                        retry.complete(k);
                    }
                }), 50L * (attempt + 1), TimeUnit.MILLISECONDS);
                return retry;
            }
            return cause == null ? CompletableFuture.completedFuture(keys)
                    : CompletableFuture.<List<String>>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private ServerNode node(ServerAddress server) {
        ServerNode node = nodes.get(Objects.requireNonNull(server, "server"));
        if (node == null) {
            throw new IllegalArgumentException("memcached server " + server + " is not one of " + servers());
        }
        return node;
    }

    // ------------------------------------------------------------------ introspection

    @Override
    public List<ServerAddress> servers() {
        return config.servers();
    }

    @Override
    public ServerAddress serverFor(String key) {
        return locator.locate(Keys.encode(key));
    }

    @Override
    public FailoverSweepMetrics failoverSweeps() {
        return sweep == null ? FailoverSweepMetrics.NONE : sweep.metrics();
    }

    @Override
    public AutoCloseable addRequestListener(RequestListener listener) {
        return requestListeners.add(listener);
    }

    @Override
    public ServerMetrics metrics(ServerAddress server) {
        return node(server).metrics();
    }

    @Override
    public List<ServerMetrics> metrics() {
        return nodes.values().stream().map(ServerNode::metrics).toList();
    }

    @Override
    public BlockingMemcachedClient blocking() {
        return blocking;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sweep != null) {
            sweep.close();
        }
        long deadline = System.nanoTime() + config.operationTimeout().toNanos();
        List<ConnectionHandler> closing = new ArrayList<>();
        for (ServerNode node : nodes.values()) {
            closing.addAll(node.close(deadline));
        }
        long hardDeadline = deadline + TimeUnit.SECONDS.toNanos(1);
        for (ConnectionHandler connection : closing) {
            connection.awaitClosed(hardDeadline);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "MemcachedClient" + servers();
    }
}
