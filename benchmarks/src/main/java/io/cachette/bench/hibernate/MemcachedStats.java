package io.cachette.bench.hibernate;

import io.cachette.testkit.MemcachedText;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The command counters of memcached servers, read with the text protocol's {@code stats}: what the servers saw,
 * whichever client sent it. Meta commands are counted with their classic kin: {@code mg} in {@code cmd_get},
 * {@code ms} in {@code cmd_set}, {@code md} in {@code delete_hits}/{@code delete_misses}, {@code ma} in
 * {@code incr_*}/{@code decr_*}.
 */
public record MemcachedStats(long gets, long sets, long deletes, long arithmetic, long touches) {

    /** Every command counted. */
    public long commands() {
        return gets + sets + deletes + arithmetic + touches;
    }

    public MemcachedStats minus(MemcachedStats earlier) {
        return new MemcachedStats(gets - earlier.gets, sets - earlier.sets, deletes - earlier.deletes,
                arithmetic - earlier.arithmetic, touches - earlier.touches);
    }

    MemcachedStats plus(MemcachedStats other) {
        return new MemcachedStats(gets + other.gets, sets + other.sets, deletes + other.deletes,
                arithmetic + other.arithmetic, touches + other.touches);
    }

    static final MemcachedStats ZERO = new MemcachedStats(0, 0, 0, 0, 0);

    /** The sum of the counters of every server in {@code hostPorts} ({@code 127.0.0.1:port}). */
    public static MemcachedStats of(Iterable<String> hostPorts) throws IOException {
        MemcachedStats sum = ZERO;
        for (String hostPort : hostPorts) {
            sum = sum.plus(of(hostPort));
        }
        return sum;
    }

    /** One server's counters, read with {@link MemcachedText#stats}. */
    public static MemcachedStats of(String hostPort) throws IOException {
        Map<String, Long> stats = new HashMap<>();
        MemcachedText.stats(hostPort).forEach((name, value) -> {
            try {
                stats.put(name, Long.parseLong(value));
            } catch (NumberFormatException notACounter) {
                // version, rusage ... : not counters
            }
        });
        return new MemcachedStats(stat(stats, "cmd_get"), stat(stats, "cmd_set"),
                stat(stats, "delete_hits") + stat(stats, "delete_misses"),
                stat(stats, "incr_hits") + stat(stats, "incr_misses") + stat(stats, "decr_hits")
                        + stat(stats, "decr_misses"),
                stat(stats, "cmd_touch"));
    }

    private static long stat(Map<String, Long> stats, String name) {
        Long value = stats.get(name);
        if (value == null) {
            throw new IllegalStateException("memcached stats lack " + name + ": " + stats.keySet());
        }
        return value;
    }
}
