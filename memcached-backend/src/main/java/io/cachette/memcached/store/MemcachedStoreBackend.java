package io.cachette.memcached.store;

import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedClientBuilder;
import io.cachette.memcached.internal.routing.KetamaNodeLocator;
import io.cachette.store.ConsistentReads;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.StoreListener;
import io.cachette.store.local.LocalStoreBackend;
import io.cachette.memcached.store.internal.Generations;
import io.cachette.memcached.store.internal.KeyLayout;
import io.cachette.memcached.store.internal.near.FeedFollower;
import io.cachette.memcached.store.internal.near.NearMode;
import io.cachette.memcached.store.internal.near.NearTier;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>With {@code near-cache.max-entries > 0} each store gets a {@link NearTier} in a local store of this
 * backend's own {@link LocalStoreBackend}; one {@link FeedFollower} follows the change feed of the backend's key
 * prefix for all of them (also this backend's {@link #consistentReads()}), polled by one daemon thread
 * ({@value #POLLER_THREAD_NAME}) as often as the tightest bounded-mode tier needs.
 */
final class MemcachedStoreBackend implements StoreBackend {

    private static final System.Logger LOG = System.getLogger(MemcachedStoreBackend.class.getName());

    private final MemcachedSettings settings;
    private final MemcachedClient client;
    private volatile boolean closed;
    private volatile boolean boundsLogged;

    static final String POLLER_THREAD_NAME = "cachette-near-cache-poller";
    /** This cache manager's id in change-feed records. */
    private final String writerId = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final Object nearLifecycle = new Object();
    private LocalStoreBackend nearStores; // guarded by nearLifecycle
    private volatile FeedFollower follower; // written under nearLifecycle
    private ScheduledThreadPoolExecutor nearPoller; // guarded by nearLifecycle
    private ScheduledFuture<?> polling; // guarded by nearLifecycle
    private long pollIntervalNanos; // guarded by nearLifecycle

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

    /** The near tier of a new store, or {@code null} when the near cache is off. */
    <V> NearTier<V> nearTier(StoreContext context, KeyLayout layout, Generations generations) {
        MemcachedSettings.Near config = settings.near(context.cacheName(),
                context.settings() == null ? Map.of() : context.settings());
        if (config.maxEntries() == 0) {
            return null;
        }
        synchronized (nearLifecycle) {
            FeedFollower feed = follower(context);
            long maxBytes = config.maxBytes() == 0 ? StoreContext.UNBOUNDED : config.maxBytes();
            Store<String, Object[]> local = nearStores.createStore(new StoreContext(context.cacheName(), Map.of(),
                    context.classLoader(), context.clock(), StoreListener.NONE, config.maxEntries(), maxBytes));
            NearTier<V> near = new NearTier<>(context.cacheName(), layout.cacheSegment(), local, feed, config.mode(),
                    config.maxStaleness().toMillis(), generations::current);
            if (config.mode() == NearMode.BOUNDED) {
                pollEvery(near.pollIntervalNanos());
            }
            return near;
        }
    }

    /** The follower of this backend's change feed, created with the first near tier. Under nearLifecycle. */
    private FeedFollower follower(StoreContext context) {
        if (follower == null) {
            nearStores = new LocalStoreBackend();
            follower = new FeedFollower(client, KeyLayout.feedHeadKey(settings.keyPrefix()),
                    settings.nearHeadReplicas(), writerId,
                    context.clock()::millis);
        }
        return follower;
    }

    /** Polls the feed at least every {@code intervalNanos} (bounded-mode tiers). Under nearLifecycle. */
    private void pollEvery(long intervalNanos) {
        if (nearPoller == null) {
            nearPoller = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, POLLER_THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            nearPoller.setRemoveOnCancelPolicy(true);
            follower.poll();
        } else if (intervalNanos >= pollIntervalNanos) {
            return;
        } else {
            polling.cancel(false);
        }
        pollIntervalNanos = intervalNanos;
        polling = nearPoller.scheduleWithFixedDelay(follower::poll, intervalNanos, intervalNanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * The follower's scopes once the first near tier started it, until then scopes that do nothing: asked for
     * before any cache has a near tier (a region factory starting), it still serves the tiers created later.
     */
    @Override
    public ConsistentReads consistentReads() {
        return () -> {
            FeedFollower current = follower;
            return current == null ? ConsistentReads.NONE.begin() : current.begin();
        };
    }

    @Override
    public void close() {
        closed = true;
        synchronized (nearLifecycle) {
            if (nearPoller != null) {
                nearPoller.shutdownNow();
            }
            if (nearStores != null) {
                nearStores.close();
            }
        }
        client.close();
    }

    @Override
    public String toString() {
        return "MemcachedStoreBackend" + settings.servers();
    }
}
