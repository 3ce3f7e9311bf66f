package io.cachette.memcached.netty;

import io.cachette.memcached.MemcachedAuthenticationException;
import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedCredentials;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.ServerState;
import io.cachette.memcached.health.Backoff;
import io.cachette.memcached.health.Reconnector;
import io.cachette.memcached.health.ServerHealth;
import io.cachette.memcached.meta.AsciiAuthenticate;
import io.cachette.memcached.meta.FlushAll;
import io.cachette.memcached.meta.MetaCommand;
import io.cachette.memcached.meta.MetaNoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One memcached server: its pipelined connections, its health, its counters. Sends commands to a connection
 * chosen by key hash (so one key's operations stay in order); when the server is down, commands fail fast.
 * A lost connection or too many consecutive failures mark it down: all its connections close and a
 * {@link Reconnector} reconnects with backoff; re-admission needs every connection to answer an {@code mn}
 * and, with {@link MemcachedClientConfig#flushOnReadmission()}, the server to have closed the half-closed
 * connections of the outage (so it executed everything it had received) and to confirm a {@code flush_all}, all
 * before it is marked up, so no key is routed to it while it may still hold values from before the outage.
 * A protocol error closes only the bad connection, which is then replaced while the server stays up.
 */
final class ServerNode implements ConnectionHandler.Listener {

    private static final System.Logger LOG = System.getLogger(ServerNode.class.getName());
    private static final int MAX_LINE_LENGTH = 8 * 1024;

    private final ServerAddress address;
    private final MemcachedClientConfig config;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final ServerHealth health;
    private final Reconnector reconnector;
    private final AtomicReferenceArray<ConnectionHandler> connections;
    private final long timeoutNanos;
    private final long probeTimeoutNanos;
    private final LongAdder operations = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private volatile MemcachedException lastConnectFailure;
    private volatile boolean everUp;
    private volatile boolean closing;
    private final Runnable onReadmitted;
    /** The closes of the connections retired at a mark-down that the server has not closed yet. */
    private final Queue<CompletableFuture<Void>> retiring = new ConcurrentLinkedQueue<>();

    /**
     * @param channelType  the connections' channel type, matching {@code group}'s transport
     * @param onReadmitted runs once the server is up again after having been down
     */
    ServerNode(ServerAddress address, MemcachedClientConfig config, EventLoopGroup group,
               Class<? extends SocketChannel> channelType, Runnable onReadmitted) {
        this.address = address;
        this.onReadmitted = onReadmitted;
        this.config = config;
        this.group = group;
        this.channelType = channelType;
        this.health = new ServerHealth(config.failureThreshold());
        this.connections = new AtomicReferenceArray<>(config.connectionsPerServer());
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.probeTimeoutNanos = Math.max(timeoutNanos, config.connectTimeout().toNanos());
        Backoff backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
        this.reconnector = new Reconnector(backoff,
                (task, delay) -> group.schedule(task, delay, TimeUnit.MILLISECONDS),
                this::connectForReadmission, () -> admit(false));
    }

    /** A reconnect attempt: every connection probed, then the flush that fences off what the server held. */
    private CompletableFuture<Void> connectForReadmission() {
        if (!config.flushOnReadmission()) {
            return connectAll();
        }
        // the old connections first: a stalled server that resumed may still execute writes sent before the
        // outage, and the flush must come after them
        return retired().thenCompose(ignored -> connectAll()).thenCompose(ignored -> {
            ConnectionHandler connection = connections.get(0);
            if (connection == null || !connection.isActive()) {
                return CompletableFuture.failedFuture(new MemcachedServerDownException(
                        "connection to " + address + " lost before the flush on re-admission"));
            }
            FlushAll flush = new FlushAll();
            connection.send(flush, config.adminTimeout().toNanos());
            return flush.future().whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "flush_all of memcached server {0} before re-admission failed, it stays"
                            + " down and is retried (a server started with -F refuses flush_all: start it without"
                            + " -F, or turn the flush on re-admission off): {1}", address, unwrap(failure).getMessage());
                } else {
                    LOG.log(Level.INFO, "memcached server {0} flushed before re-admission", address);
                }
            });
        });
    }

    ServerAddress address() {
        return address;
    }

    boolean isUp() {
        return health.isUp();
    }

    /** Connects every connection and probes it; completes normally when all answered. */
    CompletableFuture<Void> connectAll() {
        List<CompletableFuture<ConnectionHandler>> attempts = new ArrayList<>();
        for (int i = 0; i < connections.length(); i++) {
            int slot = i;
            attempts.add(connectProbed().thenApply(connection -> {
                ConnectionHandler old = connections.getAndSet(slot, connection);
                if (old != null) {
                    old.close(new MemcachedServerDownException("connection to " + address + " replaced"));
                }
                connection.listener(this);
                if (closing) {
                    connection.close(new MemcachedException("memcached client closed"));
                }
                return connection;
            }));
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            lastConnectFailure = failure == null ? null : asMemcachedException(failure);
            if (failure != null) {
                for (CompletableFuture<ConnectionHandler> attempt : attempts) {
                    attempt.thenAccept(c -> c.close(new MemcachedServerDownException(
                            "reconnect of " + address + " failed")));
                }
            }
        });
    }

    /**
     * Opens a connection and waits for an {@code mn} → {@code MN}, for at most the longer of the connect and the
     * operation timeout (a fresh connection on a busy machine may need longer than one operation).
     */
    private CompletableFuture<ConnectionHandler> connectProbed() {
        return connect(timeoutNanos).thenCompose(connection -> {
            MetaNoop probe = new MetaNoop();
            connection.send(probe, probeTimeoutNanos);
            return probe.future().handle((ok, failure) -> {
                if (failure != null) {
                    connection.close(new MemcachedServerDownException("probe of " + address + " failed"));
                    Throwable cause = unwrap(failure);
                    if (cause instanceof MemcachedClientErrorException && config.credentials() == null
                            && String.valueOf(cause.getMessage()).contains("unauthenticated")) {
                        throw new MemcachedAuthenticationException("memcached server " + address + " requires "
                                + "authentication (memcached -Y): configure credentials with "
                                + "MemcachedClientBuilder.authentication(user, password)", cause);
                    }
                    throw new MemcachedServerDownException("probe of " + address + " failed: " + cause.getMessage(),
                            cause);
                }
                return connection;
            });
        });
    }

    /**
     * Opens one connection (not registered with this node) whose commands time out after {@code timeoutNanos};
     * with TLS configured it completes once the handshake did, with credentials once the server accepted them.
     */
    CompletableFuture<ConnectionHandler> connect(long timeoutNanos) {
        CompletableFuture<ConnectionHandler> result = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler(address.toString(), timeoutNanos);
        SslHandler[] tls = new SslHandler[1];
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (config.sslContext() != null) {
                            tls[0] = tlsHandler(ch);
                            ch.pipeline().addLast(tls[0]);
                        }
                        ch.pipeline().addLast(
                                new MetaDecoder(MAX_LINE_LENGTH, config.itemSizeLimit()),
                                handler);
                    }
                });
        ChannelFuture connect;
        try {
            connect = bootstrap.connect(new InetSocketAddress(address.host(), address.port()));
        } catch (RuntimeException e) {
            result.completeExceptionally(new MemcachedServerDownException("cannot connect to " + address, e));
            return result;
        }
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new MemcachedServerDownException(
                        "cannot connect to " + address + ": " + f.cause(), f.cause()));
                return;
            }
            handshake(tls[0], handler).thenCompose(this::authenticate).whenComplete((connection, failure) -> {
                if (failure != null) {
                    connect.channel().close();
                    result.completeExceptionally(unwrap(failure));
                } else {
                    result.complete(connection);
                }
            });
        });
        return result;
    }

    private SslHandler tlsHandler(SocketChannel ch) {
        SslHandler ssl = config.sslContext().newHandler(ch.alloc(), address.host(), address.port());
        if (config.tlsHostnameVerification()) {
            SSLEngine engine = ssl.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        ssl.setHandshakeTimeoutMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(probeTimeoutNanos)));
        return ssl;
    }

    private CompletableFuture<ConnectionHandler> handshake(SslHandler ssl, ConnectionHandler connection) {
        if (ssl == null) {
            return CompletableFuture.completedFuture(connection);
        }
        CompletableFuture<ConnectionHandler> done = new CompletableFuture<>();
        ssl.handshakeFuture().addListener(h -> {
            if (h.isSuccess()) {
                done.complete(connection);
            } else {
                done.completeExceptionally(new MemcachedServerDownException("TLS handshake with " + address
                        + " failed: " + h.cause(), h.cause()));
            }
        });
        return done;
    }

    /** Sends the ASCII authentication first, when configured, and waits for {@code STORED}. */
    private CompletableFuture<ConnectionHandler> authenticate(ConnectionHandler connection) {
        MemcachedCredentials credentials = config.credentials();
        if (credentials == null) {
            return CompletableFuture.completedFuture(connection);
        }
        AsciiAuthenticate auth = new AsciiAuthenticate(credentials.username(), credentials.password());
        connection.send(auth, probeTimeoutNanos);
        return auth.future().handle((ok, failure) -> {
            if (failure == null) {
                return connection;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof MemcachedClientErrorException) {
                throw new MemcachedAuthenticationException("memcached server " + address
                        + " refused the credentials of user '" + credentials.username() + "': " + cause.getMessage(),
                        cause);
            }
            throw new MemcachedServerDownException("authentication with " + address + " failed: "
                    + cause.getMessage(), cause);
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private MemcachedException asMemcachedException(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof MemcachedException memcached ? memcached
                : new MemcachedServerDownException("cannot connect to " + address + ": " + cause, cause);
    }

    /** Sends a command with the operation timeout to the connection for {@code hash}; fails fast when down. */
    void send(MetaCommand command, int hash) {
        send(command, hash, timeoutNanos);
    }

    void send(MetaCommand command, int hash, long commandTimeoutNanos) {
        if (!health.isUp()) {
            command.fail(downFailure());
            return;
        }
        int n = connections.length();
        int first = n == 1 ? 0 : Math.floorMod(hash, n);
        for (int i = 0; i < n; i++) {
            ConnectionHandler connection = connections.get((first + i) % n);
            if (connection != null && connection.isActive()) {
                operations.add(command.operations());
                connection.send(command, commandTimeoutNanos);
                return;
            }
        }
        command.fail(new MemcachedServerDownException("no open connection to memcached server " + address));
    }

    /** Why an operation on this down server fails: refused credentials say so, with their own type. */
    private MemcachedServerDownException downFailure() {
        String state = "memcached server " + address + " is "
                + health.state().name().toLowerCase(java.util.Locale.ROOT);
        MemcachedException last = lastConnectFailure;
        if (last instanceof MemcachedAuthenticationException auth) {
            return new MemcachedAuthenticationException(state + ": " + auth.getMessage(), auth);
        }
        return new MemcachedServerDownException(last == null ? state : state + " (last connect attempt: "
                + last.getMessage() + ")");
    }

    @Override
    public void completed(MetaCommand command, boolean errorReply) {
        health.recordSuccess();
        if (errorReply) {
            errors.increment();
        }
        int h = command.hits();
        int m = command.misses();
        if (h != 0) {
            hits.add(h);
        }
        if (m != 0) {
            misses.add(m);
        }
    }

    @Override
    public void timedOut(MetaCommand command) {
        timeouts.increment();
        if (health.recordFailure()) {
            afterMarkedDown(health.consecutiveFailures() + " consecutive failures");
        }
    }

    @Override
    public void closed(ConnectionHandler connection, boolean unexpected) {
        boolean registered = false;
        for (int i = 0; i < connections.length(); i++) {
            if (connections.compareAndSet(i, connection, null)) {
                registered = true;
            }
        }
        if (!registered || closing) {
            return;
        }
        if (unexpected) {
            errors.increment();
            markDown("connection lost");
        } else if (health.isUp()) {
            // closed by us after a protocol error: replace just this connection
            replaceLater();
        }
    }

    private void replaceLater() {
        group.schedule(() -> {
            if (closing || !health.isUp()) {
                return;
            }
            for (int i = 0; i < connections.length(); i++) {
                int slot = i;
                if (connections.get(slot) == null) {
                    connectProbed().whenComplete((connection, failure) -> {
                        if (failure != null) {
                            markDown("cannot replace a closed connection: " + failure.getMessage());
                        } else if (!connections.compareAndSet(slot, null, connection) || closing) {
                            connection.close(new MemcachedServerDownException("connection not needed"));
                        } else {
                            connection.listener(this);
                        }
                    });
                }
            }
        }, config.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Marks the server down (once), closes its connections and starts reconnecting. */
    void markDown(String reason) {
        if (health.markDown()) {
            afterMarkedDown(reason);
        }
    }

    private void afterMarkedDown(String reason) {
        if (closing) {
            return;
        }
        LOG.log(Level.WARNING, "memcached server {0} marked down: {1}", address, reason);
        notifyListener(ServerState.UP, ServerState.DOWN);
        MemcachedServerDownException cause = new MemcachedServerDownException(
                "memcached server " + address + " marked down: " + reason);
        for (int i = 0; i < connections.length(); i++) {
            ConnectionHandler connection = connections.getAndSet(i, null);
            if (connection != null) {
                connection.retire(cause, config.adminTimeout().toMillis());
                CompletableFuture<Void> closed = connection.closed();
                retiring.add(closed);
                closed.thenRun(() -> retiring.remove(closed));
            }
        }
        reconnector.start();
    }

    /** Completes once every connection retired at a mark-down is closed (by the server, or by force later). */
    private CompletableFuture<Void> retired() {
        return CompletableFuture.allOf(retiring.toArray(CompletableFuture[]::new));
    }

    /** First connect at start-up: UP on success, otherwise down with background reconnects. */
    CompletableFuture<Void> start() {
        return connectAll().handle((ok, failure) -> {
            if (failure == null) {
                admit(true);
            } else {
                LOG.log(Level.WARNING, "memcached server {0} unreachable at start-up, retrying in the background: {1}",
                        address, failure.getMessage());
                reconnector.start();
            }
            return null;
        });
    }

    /** Marks the server up; {@code initial}: the first connect at start-up, not a return after being down. */
    private void admit(boolean initial) {
        if (closing || !health.markUp()) {
            return;
        }
        if (everUp) {
            reconnects.increment();
            LOG.log(Level.INFO, "memcached server {0} re-admitted", address);
            notifyListener(ServerState.DOWN, ServerState.UP);
        }
        everUp = true;
        if (!initial) {
            onReadmitted.run();
        }
    }

    private void notifyListener(ServerState from, ServerState to) {
        try {
            config.stateListener().stateChanged(address, from, to);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "server state listener failed", e);
        }
    }

    /**
     * Stops reconnecting and closes every connection once idle (or at the deadline).
     *
     * @return the connections being closed, to await
     */
    List<ConnectionHandler> close(long deadlineNanos) {
        closing = true;
        reconnector.stop();
        health.close();
        MemcachedException cause = new MemcachedException("memcached client closed");
        List<ConnectionHandler> closingConnections = new ArrayList<>();
        for (int i = 0; i < connections.length(); i++) {
            ConnectionHandler connection = connections.getAndSet(i, null);
            if (connection != null) {
                connection.closeWhenIdle(deadlineNanos, cause);
                closingConnections.add(connection);
            }
        }
        return closingConnections;
    }

    ServerMetrics metrics() {
        return new ServerMetrics(address, health.state(), operations.sum(), hits.sum(), misses.sum(),
                timeouts.sum(), errors.sum(), reconnects.sum());
    }
}
