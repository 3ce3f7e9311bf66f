package io.cachette.memcached.internal.meta;

import io.cachette.memcached.WriteResult;
import io.netty.buffer.ByteBuf;

/**
 * Meta delete, optionally only if the CAS still matches.
 * <pre>
 * md &lt;key&gt; [C&lt;cas&gt;] O&lt;opaque&gt;\r\n  → HD (OK) | NF (NOT_FOUND) | EX (EXISTS: CAS mismatch)
 * </pre>
 */
public final class MetaDelete extends KeyedCommand<WriteResult> {

    private final long cas;

    /** {@code cas} 0 means unconditional. */
    public MetaDelete(byte[] key, long cas) {
        super("md", key);
        this.cas = cas;
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        writeCas(out, cas);
        writeOpaqueAndEnd(out);
    }

    @Override
    protected WriteResult map(MetaReply reply) {
        if (reply.code() == MetaReply.Code.NS) { // md never answers "not stored"
            throw unexpected(reply);
        }
        return writeResult(reply);
    }
}
