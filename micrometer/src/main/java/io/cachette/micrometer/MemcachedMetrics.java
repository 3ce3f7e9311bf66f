package io.cachette.micrometer;

import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.ServerState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import javax.cache.Cache;

/**
 * The meters of one memcached client (the servers of a memcached cache manager), each tagged
 * {@code server=<host:port>}.
 *
 * <p>What the client measured: {@code cachette.memcached.requests}, a timer of every reply's latency with its
 * 50th, 95th and 99th percentiles ({@link MemcachedClient#addRequestListener}); and what it counted
 * ({@link MemcachedClient#metrics()}): {@code cachette.memcached.operations},
 * {@code cachette.memcached.gets{result=hit|miss}}, {@code cachette.memcached.errors{type=timeout|error}},
 * {@code cachette.memcached.server.up} (1 up, 0 down), {@code cachette.memcached.readmissions} (returns after an
 * outage; with {@code readmission=flush} each began with a flush of the server); and, for the whole client,
 * {@code cachette.memcached.failover.sweeps{result=completed|failed}} and
 * {@code cachette.memcached.failover.swept.copies} ({@link MemcachedClient#failoverSweeps()}).
 *
 * <p>What each server says of itself, from its {@code stats}, read every {@code statsInterval} on a daemon thread
 * (never on the scrape): {@code cachette.memcached.server.memory.used} (percent: {@code bytes} of
 * {@code limit_maxbytes}), {@code cachette.memcached.server.hit.ratio} (percent: {@code get_hits} of
 * {@code cmd_get}), {@code cachette.memcached.server.evictions}, {@code cachette.memcached.server.items}
 * ({@code curr_items}), {@code cachette.memcached.server.connections} ({@code curr_connections}). They are NaN
 * until the first answer and while the server does not answer. {@link #close()} stops the reading.
 */
public final class MemcachedMetrics implements MeterBinder, AutoCloseable {

    /** How often the servers' {@code stats} are read by default. */
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(15);

    private final MemcachedClient client;
    private final Iterable<Tag> tags;
    private final Duration statsInterval;
    private final Map<ServerAddress, Map<String, String>> stats = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller; // guarded by this
    private final List<AutoCloseable> requestListeners = new ArrayList<>(); // guarded by this

    /**
     * @param tags          tags added to every meter, besides {@code server}
     * @param statsInterval how often the servers' {@code stats} are read
     */
    public MemcachedMetrics(MemcachedClient client, Iterable<Tag> tags, Duration statsInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = Tags.of(tags);
        this.statsInterval = requirePositive(statsInterval);
    }

    /** A binder of the client behind {@code cache}; empty when {@code cache} is not on memcached. */
    public static Optional<MemcachedMetrics> of(Cache<?, ?> cache, Iterable<Tag> tags, Duration statsInterval) {
        if (!Memcached.PRESENT) {
            return Optional.empty();
        }
        return Memcached.client(cache).map(client -> new MemcachedMetrics(client, tags, statsInterval));
    }

    /** The client these meters read. */
    public MemcachedClient client() {
        return client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<ServerAddress, Timer> timers = new HashMap<>();
        for (ServerAddress server : client.servers()) {
            Tags serverTags = Tags.of(tags).and("server", server.toString());
            timers.put(server, Timer.builder("cachette.memcached.requests")
                    .tags(serverTags)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .description("Latency of the server's replies, from sending a request to its reply")
                    .register(registry));
            counter(registry, server, serverTags, "cachette.memcached.operations", ServerMetrics::operations,
                    "Operations sent to the server (a multi-get counts one per key)");
            counter(registry, server, serverTags.and("result", "hit"), "cachette.memcached.gets",
                    ServerMetrics::hits, "Keys the server found (hit) or not (miss)");
            counter(registry, server, serverTags.and("result", "miss"), "cachette.memcached.gets",
                    ServerMetrics::misses, "Keys the server found (hit) or not (miss)");
            counter(registry, server, serverTags.and("type", "timeout"), "cachette.memcached.errors",
                    ServerMetrics::timeouts, "Operations that timed out (timeout) or failed on the server or"
                            + " connection (error)");
            counter(registry, server, serverTags.and("type", "error"), "cachette.memcached.errors",
                    ServerMetrics::errors, "Operations that timed out (timeout) or failed on the server or"
                            + " connection (error)");
            counter(registry, server, serverTags, "cachette.memcached.readmissions", ServerMetrics::reconnects,
                    "Times the server was re-admitted after being down");
            Gauge.builder("cachette.memcached.server.up", client,
                            c -> c.metrics(server).state() == ServerState.UP ? 1 : 0)
                    .tags(serverTags)
                    .description("1 while the client routes keys to the server, 0 while it is down")
                    .register(registry);

            gauge(registry, server, serverTags, "cachette.memcached.server.memory.used", "percent",
                    s -> ratio(s, "bytes", "limit_maxbytes"), "Memory used for items, of the server's limit (-m)");
            gauge(registry, server, serverTags, "cachette.memcached.server.hit.ratio", "percent",
                    s -> ratio(s, "get_hits", "cmd_get"), "Gets that found their key, of all gets the server served");
            gauge(registry, server, serverTags, "cachette.memcached.server.items", "items",
                    s -> number(s, "curr_items"), "Items stored on the server");
            gauge(registry, server, serverTags, "cachette.memcached.server.connections", "connections",
                    s -> number(s, "curr_connections"), "Open connections to the server, of every client");
            FunctionCounter.builder("cachette.memcached.server.evictions", stats,
                            s -> number(s.get(server), "evictions"))
                    .tags(serverTags)
                    .description("Items the server evicted to make room")
                    .register(registry);
        }
        Tags clientTags = Tags.of(tags);
        FunctionCounter.builder("cachette.memcached.failover.sweeps", client, c -> c.failoverSweeps().completed())
                .tags(clientTags.and("result", "completed"))
                .description("Sweeps of the copies failover left on other servers (failure-policy=failover)")
                .register(registry);
        FunctionCounter.builder("cachette.memcached.failover.sweeps", client, c -> c.failoverSweeps().failed())
                .tags(clientTags.and("result", "failed"))
                .description("Sweeps of the copies failover left on other servers (failure-policy=failover)")
                .register(registry);
        FunctionCounter.builder("cachette.memcached.failover.swept.copies", client,
                        c -> c.failoverSweeps().deletedCopies())
                .tags(clientTags)
                .description("Copies failover had left on other servers that a sweep deleted")
                .register(registry);
        timeRequests(timers);
        startPolling();
    }

    private void timeRequests(Map<ServerAddress, Timer> timers) {
        try {
            AutoCloseable registration = client.addRequestListener((server, nanos, errorReply) -> {
                Timer timer = timers.get(server);
                if (timer != null) {
                    timer.record(nanos, TimeUnit.NANOSECONDS);
                }
            });
            synchronized (this) {
                requestListeners.add(registration);
            }
        } catch (UnsupportedOperationException e) {
            // a client that cannot time its requests: the timers stay empty
        }
    }

    /** Reads every server's {@code stats} now; the scheduled reading does the same. */
    void readStats() {
        for (ServerAddress server : client.servers()) {
            client.stats(server).whenComplete((values, failure) -> {
                if (failure == null && values != null) {
                    stats.put(server, Map.copyOf(values));
                } else {
                    stats.remove(server);
                }
            });
        }
    }

    private synchronized void startPolling() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cachette-memcached-stats");
            thread.setDaemon(true);
            return thread;
        });
        long millis = statsInterval.toMillis();
        poller.scheduleWithFixedDelay(this::readStatsQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void readStatsQuietly() {
        try {
            readStats();
        } catch (RuntimeException e) {
            // a closed client or a server without stats: the gauges read NaN until the next answer
            stats.clear();
        }
    }

    /** Stops timing requests and reading the servers' {@code stats}; the meters stay registered. */
    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        for (AutoCloseable registration : requestListeners) {
            try {
                registration.close();
            } catch (Exception e) {
                // removing a listener does not fail
            }
        }
        requestListeners.clear();
    }

    private void counter(MeterRegistry registry, ServerAddress server, Tags serverTags, String name,
                         ToLongFunction<ServerMetrics> counter, String description) {
        FunctionCounter.builder(name, client, c -> counter.applyAsLong(c.metrics(server)))
                .tags(serverTags)
                .description(description)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, ServerAddress server, Tags serverTags, String name, String unit,
                       ToDoubleFunction<Map<String, String>> value, String description) {
        Gauge.builder(name, stats, s -> value.applyAsDouble(s.get(server)))
                .tags(serverTags)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    /** {@code part / whole} in percent; NaN without stats or with a zero {@code whole}. */
    static double ratio(Map<String, String> stats, String part, String whole) {
        double denominator = number(stats, whole);
        double numerator = number(stats, part);
        return denominator > 0 ? numerator / denominator * 100.0 : Double.NaN;
    }

    /** One numeric stat; NaN when absent. */
    static double number(Map<String, String> stats, String name) {
        if (stats == null) {
            return Double.NaN;
        }
        String value = stats.get(name);
        if (value == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Duration requirePositive(Duration interval) {
        Objects.requireNonNull(interval, "statsInterval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("statsInterval must be positive, was " + interval);
        }
        return interval;
    }
}
