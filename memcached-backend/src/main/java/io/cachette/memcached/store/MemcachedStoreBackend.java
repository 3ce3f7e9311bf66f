package io.cachette.memcached.store;

import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedClientBuilder;
import io.cachette.memcached.internal.routing.KetamaNodeLocator;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/**
 * The memcached backend of one cache manager: one {@link MemcachedClient} shared by the stores of all its
 * caches, closed with the manager.
 *
 * <p>Nothing stale is served after an outage. A server that was down may have missed writes and removals
 * meanwhile, so with {@code readmission=flush} (default) the client sends it {@code flush_all} before it routes any
 * key to it again (until then its keys fail fast, or fail over). With {@code failure-policy=failover} the copies
 * written to the other servers while it was down are orphans once it is back, and would be served again, stale,
 * the next time it fails: the client sweeps them (every server's keys under this backend's key prefix whose ring
 * owner is another server are deleted) after each re-admission and at start-up, and does not fail over until the
 * sweep is done. {@code readmission=keep} skips both and accepts stale reads.
 */
final class MemcachedStoreBackend implements StoreBackend {

    private static final System.Logger LOG = System.getLogger(MemcachedStoreBackend.class.getName());

    private final MemcachedSettings settings;
    private final MemcachedClient client;
    private volatile boolean closed;
    private volatile boolean boundsLogged;

    MemcachedStoreBackend(MemcachedSettings settings) {
        this.settings = settings;
        MemcachedClientBuilder builder = MemcachedClient.builder()
                .servers(settings.servers())
                .locator(new KetamaNodeLocator(settings.servers(), settings.ketamaKeyFormat()))
                .connectionsPerServer(settings.connectionsPerServer())
                .nativeTransport(settings.nativeTransport())
                .operationTimeout(settings.operationTimeout())
                .connectTimeout(settings.connectTimeout())
                .failureThreshold(settings.failureThreshold())
                .failurePolicy(settings.failurePolicy())
                .itemSizeLimit(settings.itemSizeLimit())
                .maxValueBytes(settings.maxValueBytes())
                .flushOnReadmission(settings.readmission() == MemcachedSettings.Readmission.FLUSH);
        if (settings.failurePolicy() == FailurePolicy.FAILOVER
                && settings.readmission() == MemcachedSettings.Readmission.FLUSH) {
            builder.sweepFailoverCopies(settings.keyPrefix() + ":");
        }
        if (settings.username() != null) {
            builder.authentication(settings.username(), settings.password());
        }
        if (settings.tls()) {
            builder.tls(sslContext(settings), settings.tlsVerifyHostname());
        }
        this.client = builder.build();
    }

    private static SslContext sslContext(MemcachedSettings settings) {
        try {
            SslContextBuilder context = SslContextBuilder.forClient();
            if (settings.tlsTrustedCertificates() != null) {
                context.trustManager(settings.tlsTrustedCertificates().toFile());
            }
            return context.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + MemcachedSettings.PREFIX
                    + MemcachedSettings.TLS_TRUSTED_CERTIFICATES + "': cannot build a TLS context from "
                    + settings.tlsTrustedCertificates() + ": " + e.getMessage(), e);
        }
    }

    MemcachedSettings settings() {
        return settings;
    }

    MemcachedClient client() {
        return client;
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.REMOTE;
    }

    @Override
    public <K, V> Store<K, V> createStore(StoreContext context) {
        if (closed) {
            throw new IllegalStateException("the memcached backend over " + settings.servers() + " is closed");
        }
        if ((context.maxEntries() != StoreContext.UNBOUNDED || context.maxBytes() != StoreContext.UNBOUNDED)
                && !boundsLogged) {
            boundsLogged = true;
            LOG.log(System.Logger.Level.INFO, "cache " + context.cacheName() + ": max-entries/max-bytes do not"
                    + " apply to memcached caches; the servers' memory (-m) and LRU bound them");
        }
        return new MemcachedStore<>(this, context);
    }

    @Override
    public void close() {
        closed = true;
        client.close();
    }

    @Override
    public String toString() {
        return "MemcachedStoreBackend" + settings.servers();
    }
}
