package io.cachette.memcached.internal.meta;

/**
 * Invalidates every item of the server.
 * <pre>
 * flush_all\r\n  → OK\r\n
 * </pre>
 */
public final class FlushAll extends AcknowledgedCommand {

    public FlushAll() {
        super("flush_all", MetaReply.Code.TEXT, "OK");
    }
}
