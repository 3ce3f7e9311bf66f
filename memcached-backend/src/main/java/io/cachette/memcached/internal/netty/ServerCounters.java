package io.cachette.memcached.internal.netty;

import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.ServerMetrics;
import io.cachette.memcached.ServerState;
import io.cachette.memcached.internal.meta.MetaCommand;

import java.util.concurrent.atomic.LongAdder;

/**
 * The operation counters of one server, read as {@link ServerMetrics}. The base class of {@link ServerNode}
 * rather than a field of it, so that counting on the hot path costs no extra indirection per operation.
 */
abstract class ServerCounters {

    final LongAdder operations = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder errors = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** Counts the hits and misses of a completed command, and an error reply. */
    final void countCompleted(MetaCommand command, boolean errorReply) {
        if (errorReply) {
            errors.increment();
        }
        int h = command.hits();
        int m = command.misses();
        if (h != 0) {
            hits.add(h);
        }
        if (m != 0) {
            misses.add(m);
        }
    }

    /** The counters with the server's identity and state, as of now. */
    final ServerMetrics metrics(ServerAddress address, ServerState state, long reconnects) {
        return new ServerMetrics(address, state, operations.sum(), hits.sum(), misses.sum(), timeouts.sum(),
                errors.sum(), reconnects);
    }
}
