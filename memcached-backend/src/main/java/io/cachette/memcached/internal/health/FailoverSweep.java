package io.cachette.memcached.internal.health;

import io.cachette.memcached.FailoverSweepMetrics;
import io.cachette.memcached.IllegalKeyException;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.WriteResult;
import io.cachette.memcached.internal.meta.Keys;
import io.cachette.memcached.internal.meta.MetaDelete;
import io.cachette.memcached.internal.routing.NodeLocator;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Removes the copies that failover leaves behind. While a server is down its keys are written to the next
 * server on the ring; once it is back, those copies are orphans that nobody updates, and the next time the server
 * fails they would be read again, stale. A sweep dumps every up server's keys ({@code lru_crawler metadump}) and
 * deletes the ones with the configured prefix whose ring owner is another server.
 *
 * <p>From {@link #request()} until a sweep has passed over every server, {@link #active()} is {@code true} and the
 * client does not fail over (keys of a down server fail fast), so no orphan can be read meanwhile. A sweep starts
 * one operation timeout after the request, so that writes routed before the re-admission have landed or failed;
 * a failed sweep is retried with backoff; requests during a sweep run it once more afterwards.
 *
 * @param <S> the servers swept
 */
public final class FailoverSweep<S extends ManagedServer> {

    private static final System.Logger LOG = System.getLogger(FailoverSweep.class.getName());
    private static final int DELETES_IN_FLIGHT = 512;
    private static final long DOWN_CHECK_MILLIS = 50;

    private final String prefix;
    private final Collection<S> nodes;
    private final NodeLocator locator;
    private final Function<? super S, CompletableFuture<List<String>>> dump;
    private final ScheduledExecutorService group;
    private final long startDelayMillis;
    private final Backoff retryBackoff;
    private volatile boolean active;
    private volatile boolean closed;
    private boolean running;
    private boolean requestedAgain;
    private int failedRuns;
    private final LongAdder completedSweeps = new LongAdder();
    private final LongAdder failedSweeps = new LongAdder();
    private final LongAdder deletedCopies = new LongAdder();

    /**
     * @param prefix            only keys starting with it are deleted
     * @param dump              the keys one server holds
     * @param operationTimeout  how long a request routed before a re-admission may still take
     */
    public FailoverSweep(String prefix, Collection<S> nodes, NodeLocator locator,
                         Function<? super S, CompletableFuture<List<String>>> dump, ScheduledExecutorService group,
                         Duration operationTimeout) {
        this.prefix = prefix;
        this.nodes = nodes;
        this.locator = locator;
        this.dump = dump;
        this.group = group;
        this.startDelayMillis = operationTimeout.toMillis();
        this.retryBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** Whether orphans may still exist: failover must wait. */
    public boolean active() {
        return active;
    }

    /** Asks for a sweep of every server (after a re-admission, and at start-up). */
    public synchronized void request() {
        if (closed) {
            return;
        }
        active = true;
        if (running) {
            requestedAgain = true;
            return;
        }
        running = true;
        schedule(startDelayMillis);
    }

    public void close() {
        closed = true;
    }

    /** What the sweeps did so far. */
    public FailoverSweepMetrics metrics() {
        return new FailoverSweepMetrics(completedSweeps.sum(), failedSweeps.sum(), deletedCopies.sum());
    }

    private void schedule(long delayMillis) {
        try {
            group.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException shutDown) {
            closed = true;
        }
    }

    private void run() {
        if (closed) {
            return;
        }
        sweep(new ArrayList<S>(nodes).iterator(), new long[1]).whenComplete((deleted, failure) -> finished(deleted,
                failure));
    }

    private synchronized void finished(long[] deleted, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            failedSweeps.increment();
            long delay = retryBackoff.delayMillis(failedRuns++);
            LOG.log(Level.WARNING, "sweeping failover copies failed, retrying in {0} ms; until then keys of a down"
                    + " memcached server fail fast: {1}", delay, failure.getMessage());
            requestedAgain = false;
            schedule(delay);
            return;
        }
        failedRuns = 0;
        completedSweeps.increment();
        deletedCopies.add(deleted[0]);
        if (deleted[0] > 0) {
            LOG.log(Level.INFO, "deleted {0} copies left by failover", deleted[0]);
        }
        if (requestedAgain) {
            requestedAgain = false;
            schedule(startDelayMillis);
            return;
        }
        running = false;
        active = false;
    }

    private CompletableFuture<long[]> sweep(Iterator<S> remaining, long[] deleted) {
        while (remaining.hasNext()) {
            S node = remaining.next();
            if (!node.isUp()) {
                continue; // a down server is swept after its own re-admission
            }
            return dumpUnlessDown(node)
                    .thenCompose(keys -> deleteOrphans(node, orphans(node.address(), keys), 0, deleted))
                    .thenCompose(ignored -> sweep(remaining, deleted));
        }
        return CompletableFuture.completedFuture(deleted);
    }

    /**
     * The keys of {@code node}, or none once it is down: a server that stalls during its dump is swept after its
     * own re-admission, and the sweep of the others must not wait for the dump's timeout meanwhile.
     */
    private CompletableFuture<List<String>> dumpUnlessDown(S node) {
        CompletableFuture<List<String>> keys = new CompletableFuture<>();
        ScheduledFuture<?> watch = group.scheduleAtFixedRate(() -> {
            if (!node.isUp() || closed) {
                keys.complete(List.of());
            }
        }, DOWN_CHECK_MILLIS, DOWN_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        dump.apply(node).whenComplete((dumped, failure) -> {
            if (failure != null) {
                keys.completeExceptionally(failure);
            } else {
                keys.complete(dumped);
            }
        });
        return keys.whenComplete((dumped, failure) -> watch.cancel(false));
    }

    private List<byte[]> orphans(ServerAddress server, List<String> keys) {
        List<byte[]> orphans = new ArrayList<>();
        for (String key : keys) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            byte[] encoded;
            try {
                encoded = Keys.encode(key);
            } catch (IllegalKeyException notOurs) {
                continue;
            }
            if (!server.equals(locator.locate(encoded))) {
                orphans.add(encoded);
            }
        }
        return orphans;
    }

    /** Deletes {@code orphans} from {@code node}, {@value #DELETES_IN_FLIGHT} pipelined at a time. */
    private CompletableFuture<Void> deleteOrphans(S node, List<byte[]> orphans, int from, long[] deleted) {
        if (from >= orphans.size() || closed) {
            return CompletableFuture.completedFuture(null);
        }
        int to = Math.min(orphans.size(), from + DELETES_IN_FLIGHT);
        List<CompletableFuture<WriteResult>> batch = new ArrayList<>(to - from);
        for (byte[] key : orphans.subList(from, to)) {
            MetaDelete delete = new MetaDelete(key, 0);
            node.send(delete, Arrays.hashCode(key));
            batch.add(delete.future());
        }
        return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            deleted[0] += batch.size();
            return deleteOrphans(node, orphans, to, deleted);
        });
    }
}
