package io.cachette.memcached.internal.meta;

/**
 * Meta no-op; used as a health probe.
 * <pre>
 * mn\r\n  → MN\r\n
 * </pre>
 */
public final class MetaNoop extends AcknowledgedCommand {

    public MetaNoop() {
        super("mn", MetaReply.Code.MN, null);
    }
}
