package io.cachette.memcached;

/**
 * A snapshot of one server's counters since the client started.
 *
 * @param address    the server
 * @param state      its state when the snapshot was taken
 * @param operations operations sent to it (a multi-get counts one per key)
 * @param hits       keys found by gets
 * @param misses     keys not found by gets
 * @param timeouts   operations that timed out
 * @param errors     operations failed by the server or the connection (timeouts excluded)
 * @param reconnects times the server was re-admitted after being down
 */
public record ServerMetrics(ServerAddress address, ServerState state, long operations, long hits, long misses,
                            long timeouts, long errors, long reconnects) {
}
