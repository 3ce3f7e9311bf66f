package io.cachette.memcached.internal.meta;

import io.cachette.memcached.LeaseRead;
import io.netty.buffer.ByteBuf;

/**
 * Meta get that, on a miss, creates an empty placeholder and hands its lease to this caller.
 * <pre>
 * mg &lt;key&gt; v f c t N&lt;ttl&gt; O&lt;opaque&gt;\r\n
 *   → VA &lt;size&gt; f&lt;flags&gt; c&lt;cas&gt; t&lt;ttl&gt; O&lt;opaque&gt; [W] [Z] [X]\r\n&lt;data&gt;\r\n
 * </pre>
 * Always a {@code VA}: the item found, or the placeholder ({@code VA 0 … W} for the caller that created it,
 * {@code … Z} for the callers after it).
 */
public final class MetaLeaseGet extends KeyedRead<LeaseRead> {

    private final int leaseSeconds;

    public MetaLeaseGet(byte[] key, int leaseSeconds) {
        super(key);
        if (leaseSeconds <= 0) {
            throw new IllegalArgumentException("lease TTL must be positive, was " + leaseSeconds);
        }
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        Ascii.writeText(out, " v f c t");
        Ascii.writeFlag(out, 'N', leaseSeconds);
        writeOpaqueAndEnd(out);
    }

    @Override
    protected LeaseRead map(MetaReply reply) {
        if (reply.code() != MetaReply.Code.VA) {
            throw unexpected(reply);
        }
        LeaseRead read = new LeaseRead(MetaGet.toItem(reply), reply.win(), reply.alreadyWon(), reply.stale());
        found(!read.placeholder());
        return read;
    }
}
