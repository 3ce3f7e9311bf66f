package io.cachette.memcached;

/**
 * Told of every reply a server sent, with how long it took since the request was written to the connection: the
 * latency per server, for metrics ({@link MemcachedClient#addRequestListener}). Timeouts and failed connections
 * bring no reply and are not reported here (they are counted in {@link ServerMetrics}). Called on a client I/O
 * thread for every request (or, for the near cache's change-feed head reads answered on a blocking socket of their
 * own, on the thread that made the call): return quickly and never block.
 */
@FunctionalInterface
public interface RequestListener {

    /**
     * @param server     the server that replied
     * @param nanos      nanoseconds from sending the request to its reply
     * @param errorReply whether the reply was an error ({@code SERVER_ERROR}, {@code CLIENT_ERROR}, ...)
     */
    void replied(ServerAddress server, long nanos, boolean errorReply);
}
