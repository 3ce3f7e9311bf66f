package io.cachette.bench.hibernate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    /** One server's counters; bounded by a 2 s connect and a 5 s read timeout and at most 200 lines. */
    public static MemcachedStats of(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Map<String, Long> stats = new HashMap<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int lines = 0; lines < 200; lines++) {
                String line = readLine(in);
                if (line == null || line.equals("END")) {
                    break;
                }
                String[] fields = line.split(" ");
                if (fields.length == 3 && fields[0].equals("STAT")) {
                    try {
                        stats.put(fields[1], Long.parseLong(fields[2]));
                    } catch (NumberFormatException notACounter) {
                        // version, rusage ... : not counters
                    }
                }
            }
        }
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

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return b < 0 && line.isEmpty() ? null : line.toString();
    }
}
