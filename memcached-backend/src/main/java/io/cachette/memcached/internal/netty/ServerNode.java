package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedAuthenticationException;
import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.internal.health.ManagedServer;
import io.cachette.memcached.internal.health.Readmission;
import io.cachette.memcached.internal.health.ServerHealth;
import io.cachette.memcached.internal.meta.Errors;
import io.cachette.memcached.internal.meta.FlushAll;
import io.cachette.memcached.internal.meta.MetaArithmetic;
import io.cachette.memcached.internal.meta.MetaCommand;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One memcached server as the client routes to it: its pool of pipelined connections. Sends commands to a
 * connection chosen by key hash (so one key's operations stay in order); when the server is down, commands fail
 * fast. A protocol error closes only the bad connection, which is then replaced while the server stays up; a lost
 * connection or too many timeouts hand over to {@link Readmission} (mark-down, reconnect, flush, re-admission).
 * Connections are opened by {@link ConnectionOpener}; counts are kept by {@link ServerCounters}.
 */
final class ServerNode extends ServerCounters implements ConnectionHandler.Listener, ManagedServer {

    private final ServerAddress address;
    private final MemcachedClientConfig config;
    private final EventLoopGroup group;
    private final ServerHealth health;
    private final ConnectionOpener opener;
    private final Readmission readmission;
    private final AtomicReferenceArray<ConnectionHandler> connections;
    private final long timeoutNanos;
    private final RequestListeners requestListeners;
    /** The blocking lane of {@link #laneIncrement}; {@code null} with TLS or authentication configured. */
    private final BlockingLane lane;
    private volatile MemcachedException lastConnectFailure;

    /**
     * @param channelType  the connections' channel type, matching {@code group}'s transport
     * @param onReadmitted runs once the server is up again after having been down
     * @param requestListeners told of every reply, with its latency
     */
    ServerNode(ServerAddress address, MemcachedClientConfig config, EventLoopGroup group,
               Class<? extends SocketChannel> channelType, Runnable onReadmitted, RequestListeners requestListeners) {
        this.address = address;
        this.requestListeners = requestListeners;
        this.config = config;
        this.group = group;
        this.health = new ServerHealth(config.failureThreshold());
        this.opener = new ConnectionOpener(address, config, group, channelType);
        this.connections = new AtomicReferenceArray<>(config.connectionsPerServer());
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.readmission = new Readmission(this, health, config, group, onReadmitted);
        this.lane = config.sslContext() == null && config.credentials() == null
                ? new BlockingLane(address, config, health::isUp) : null;
    }

    @Override
    public ServerAddress address() {
        return address;
    }

    @Override
    public boolean isUp() {
        return health.isUp();
    }

    /** First connect at start-up: UP on success, otherwise down with background reconnects. */
    CompletableFuture<Void> start() {
        return readmission.start();
    }

    /** Opens one connection outside the pool (for the metadump) whose commands time out after {@code timeoutNanos}. */
    CompletableFuture<ConnectionHandler> connect(long timeoutNanos) {
        return opener.connect(timeoutNanos);
    }

    @Override
    public CompletableFuture<Void> connectAll() {
        List<CompletableFuture<ConnectionHandler>> attempts = new ArrayList<>();
        for (int i = 0; i < connections.length(); i++) {
            int slot = i;
            attempts.add(opener.connectProbed().thenApply(connection -> {
                ConnectionHandler old = connections.getAndSet(slot, connection);
                if (old != null) {
                    old.close(new MemcachedServerDownException("connection to " + address + " replaced"));
                }
                connection.listener(this);
                if (readmission.closing()) {
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

    private MemcachedException asMemcachedException(Throwable failure) {
        Throwable cause = Errors.unwrap(failure);
        return cause instanceof MemcachedException memcached ? memcached
                : new MemcachedServerDownException("cannot connect to " + address + ": " + cause, cause);
    }

    @Override
    public List<CompletableFuture<Void>> retireAll(MemcachedServerDownException cause) {
        if (lane != null) {
            lane.drop(); // opened anew only once the server is up again (after the flush of re-admission)
        }
        List<CompletableFuture<Void>> closes = new ArrayList<>(connections.length());
        for (int i = 0; i < connections.length(); i++) {
            ConnectionHandler connection = connections.getAndSet(i, null);
            if (connection != null) {
                connection.retire(cause, config.adminTimeout().toMillis());
                closes.add(connection.closed());
            }
        }
        return closes;
    }

    @Override
    public CompletableFuture<Void> flushAll() {
        ConnectionHandler connection = connections.get(0);
        if (connection == null || !connection.isActive()) {
            return CompletableFuture.failedFuture(new MemcachedServerDownException(
                    "connection to " + address + " lost before the flush on re-admission"));
        }
        FlushAll flush = new FlushAll();
        connection.send(flush, config.adminTimeout().toNanos());
        return flush.future();
    }

    @Override
    public void send(MetaCommand command, int hash) {
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

    /**
     * Sends {@code command} on this server's {@link BlockingLane} and reads the reply on the calling thread. The
     * caller checked that the server is up and owns the key. An answer counts as one operation and is told to the
     * request listeners (on the calling thread); when the lane does not answer nothing is counted, and the caller
     * does the same call through {@link #send}, which counts it and its failure.
     *
     * @return the counter, or {@code null}: no lane (TLS, authentication), or it did not answer
     */
    Long laneIncrement(MetaArithmetic command) {
        if (lane == null) {
            return null;
        }
        Long value = lane.call(command);
        if (value != null) {
            operations.increment();
            requestListeners.replied(address, command, false);
        }
        return value;
    }

    /** This server's lane; {@code null} with TLS or authentication configured. */
    BlockingLane lane() {
        return lane;
    }

    /** Sockets opened by this server's lane (0 without one). */
    long lanesOpened() {
        return lane == null ? 0 : lane.opened();
    }

    /** Calls this server's lane answered (0 without one). */
    long laneAnswers() {
        return lane == null ? 0 : lane.answered();
    }

    /** Why an operation on this down server fails: refused credentials say so, with their own type. */
    private MemcachedServerDownException downFailure() {
        String state = "memcached server " + address + " is " + health.state().name().toLowerCase(Locale.ROOT);
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
        countCompleted(command, errorReply);
        requestListeners.replied(address, command, errorReply);
    }

    @Override
    public void timedOut(MetaCommand command) {
        timeouts.increment();
        readmission.timedOut();
    }

    @Override
    public void closed(ConnectionHandler connection, boolean unexpected) {
        boolean registered = false;
        for (int i = 0; i < connections.length(); i++) {
            if (connections.compareAndSet(i, connection, null)) {
                registered = true;
            }
        }
        if (!registered || readmission.closing()) {
            return;
        }
        if (unexpected) {
            errors.increment();
            readmission.markDown("connection lost");
        } else if (health.isUp()) {
            // closed by us after a protocol error: replace just this connection
            replaceLater();
        }
    }

    private void replaceLater() {
        group.schedule(() -> {
            if (readmission.closing() || !health.isUp()) {
                return;
            }
            for (int i = 0; i < connections.length(); i++) {
                int slot = i;
                if (connections.get(slot) == null) {
                    opener.connectProbed().whenComplete((connection, failure) -> {
                        if (failure != null) {
                            readmission.markDown("cannot replace a closed connection: " + failure.getMessage());
                        } else if (!connections.compareAndSet(slot, null, connection) || readmission.closing()) {
                            connection.close(new MemcachedServerDownException("connection not needed"));
                        } else {
                            connection.listener(this);
                        }
                    });
                }
            }
        }, config.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops reconnecting and closes every connection once idle (or at the deadline).
     *
     * @return the connections being closed, to await
     */
    List<ConnectionHandler> close(long deadlineNanos) {
        readmission.close();
        if (lane != null) {
            lane.close();
        }
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
        return metrics(address, health.state(), readmission.reconnects());
    }
}
