package io.cachette.memcached.internal.netty;

import io.cachette.memcached.MemcachedAuthenticationException;
import io.cachette.memcached.MemcachedClientConfig;
import io.cachette.memcached.MemcachedClientErrorException;
import io.cachette.memcached.MemcachedCredentials;
import io.cachette.memcached.MemcachedServerDownException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.internal.meta.AsciiAuthenticate;
import io.cachette.memcached.internal.meta.Errors;
import io.cachette.memcached.internal.meta.MetaNoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens the connections to one server: TCP, then the TLS handshake and the ASCII authentication when configured,
 * then (for pooled connections) an {@code mn} probe. Every failure is typed: refused credentials as
 * {@link MemcachedAuthenticationException}, anything else as {@link MemcachedServerDownException}. Apart from the
 * pool so that the pool, the metadump and re-admission open connections the same way.
 */
final class ConnectionOpener {

    private static final int MAX_LINE_LENGTH = 8 * 1024;

    private final ServerAddress address;
    private final MemcachedClientConfig config;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final long timeoutNanos;
    private final long probeTimeoutNanos;

    /** @param channelType the connections' channel type, matching {@code group}'s transport */
    ConnectionOpener(ServerAddress address, MemcachedClientConfig config, EventLoopGroup group,
                     Class<? extends SocketChannel> channelType) {
        this.address = address;
        this.config = config;
        this.group = group;
        this.channelType = channelType;
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.probeTimeoutNanos = Math.max(timeoutNanos, config.connectTimeout().toNanos());
    }

    /**
     * Opens a connection and waits for an {@code mn} → {@code MN}, for at most the longer of the connect and the
     * operation timeout (a fresh connection on a busy machine may need longer than one operation).
     */
    CompletableFuture<ConnectionHandler> connectProbed() {
        return connect(timeoutNanos).thenCompose(connection -> {
            MetaNoop probe = new MetaNoop();
            connection.send(probe, probeTimeoutNanos);
            return probe.future().handle((ok, failure) -> {
                if (failure != null) {
                    connection.close(new MemcachedServerDownException("probe of " + address + " failed"));
                    Throwable cause = Errors.unwrap(failure);
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
     * Opens one connection (not registered with any pool) whose commands time out after {@code timeoutNanos};
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
                    result.completeExceptionally(Errors.unwrap(failure));
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
            Throwable cause = Errors.unwrap(failure);
            if (cause instanceof MemcachedClientErrorException) {
                throw new MemcachedAuthenticationException("memcached server " + address
                        + " refused the credentials of user '" + credentials.username() + "': " + cause.getMessage(),
                        cause);
            }
            throw new MemcachedServerDownException("authentication with " + address + " failed: "
                    + cause.getMessage(), cause);
        });
    }
}
