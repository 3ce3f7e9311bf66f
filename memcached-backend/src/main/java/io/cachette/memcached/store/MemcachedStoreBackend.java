package io.cachette.memcached.store;

import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerState;
import io.cachette.memcached.routing.KetamaNodeLocator;
import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The memcached backend of one cache manager: one {@link MemcachedClient} shared by the stores of all its
 * caches, closed with the manager.
 *
 * <p>It also fences servers so that nothing stale is served after an outage. A server that goes down (or is
 * down when the backend starts) may miss writes and removals meanwhile, so its old contents must not be read
 * when it comes back: with {@code readmission=flush} (default) the backend sends it {@code flush_all} on
 * re-admission and treats its keys as unavailable (reads miss, writes are dropped) from the moment it went down
 * — or, with {@code failure-policy=failover}, where its keys move to other servers meanwhile, from its
 * re-admission — until the flush is done. {@code readmission=keep} skips this and accepts stale reads.
 */
final class MemcachedStoreBackend implements StoreBackend {

    private static final System.Logger LOG = System.getLogger(MemcachedStoreBackend.class.getName());
    private static final long FLUSH_RETRY_MILLIS = 1_000;

    private final MemcachedSettings settings;
    private final Set<ServerAddress> downSeen = ConcurrentHashMap.newKeySet();
    private final Set<ServerAddress> fenced = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final MemcachedClient client;
    private volatile boolean closed;
    private volatile boolean boundsLogged;

    MemcachedStoreBackend(MemcachedSettings settings) {
        this.settings = settings;
        MemcachedClient built = MemcachedClient.builder()
                .servers(settings.servers())
                .locator(new KetamaNodeLocator(settings.servers(), settings.ketamaKeyFormat()))
                .connectionsPerServer(settings.connectionsPerServer())
                .operationTimeout(settings.operationTimeout())
                .connectTimeout(settings.connectTimeout())
                .failureThreshold(settings.failureThreshold())
                .failurePolicy(settings.failurePolicy())
                .itemSizeLimit(settings.itemSizeLimit())
                .maxValueBytes(settings.maxValueBytes())
                .stateListener(this::stateChanged)
                .build();
        synchronized (lock) {
            this.client = built;
            for (ServerAddress server : settings.servers()) {
                if (built.metrics(server).state() != ServerState.UP) {
                    wentDown(server);
                }
            }
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

    /** Whether the server owning {@code memcachedKey} is fenced: its keys must be neither read nor written. */
    boolean isFenced(String memcachedKey) {
        return !fenced.isEmpty() && fenced.contains(client.serverFor(memcachedKey));
    }

    boolean isFenced(ServerAddress server) {
        return fenced.contains(server);
    }

    private void stateChanged(ServerAddress server, ServerState from, ServerState to) {
        synchronized (lock) {
            if (to == ServerState.DOWN) {
                wentDown(server);
            } else if (to == ServerState.UP && client != null && downSeen.remove(server)) {
                readmitted(server);
            }
        }
    }

    private void wentDown(ServerAddress server) {
        downSeen.add(server);
        if (settings.failurePolicy() == FailurePolicy.FAIL_FAST && settings.readmission() == MemcachedSettings.Readmission.FLUSH) {
            fenced.add(server);
        }
    }

    private void readmitted(ServerAddress server) {
        if (settings.readmission() == MemcachedSettings.Readmission.KEEP) {
            fenced.remove(server);
            return;
        }
        fenced.add(server);
        flush(server);
    }

    private void flush(ServerAddress server) {
        if (closed) {
            return;
        }
        client.flushAll(server).whenComplete((ok, failure) -> {
            synchronized (lock) {
                if (failure == null) {
                    if (!downSeen.contains(server)) {
                        fenced.remove(server);
                        LOG.log(System.Logger.Level.INFO, "memcached server " + server
                                + " flushed on re-admission; its keys are served again");
                    }
                } else if (!downSeen.contains(server) && !closed) {
                    LOG.log(System.Logger.Level.WARNING, "flush_all of re-admitted memcached server " + server
                            + " failed, retrying; its keys stay unavailable meanwhile: " + failure.getMessage());
                    CompletableFuture.delayedExecutor(FLUSH_RETRY_MILLIS, TimeUnit.MILLISECONDS)
                            .execute(() -> {
                                synchronized (lock) {
                                    if (!downSeen.contains(server) && fenced.contains(server)) {
                                        flush(server);
                                    }
                                }
                            });
                }
            }
        });
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
