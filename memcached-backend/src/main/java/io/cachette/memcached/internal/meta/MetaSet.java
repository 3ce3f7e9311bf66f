package io.cachette.memcached.internal.meta;

import io.cachette.memcached.StoreMode;
import io.cachette.memcached.WriteResult;
import io.netty.buffer.ByteBuf;

/**
 * Meta set in one of the modes, optionally compare-and-set.
 * <pre>
 * ms &lt;key&gt; &lt;size&gt; [M&lt;E|R|A|P&gt;] [C&lt;cas&gt;] F&lt;flags&gt; T&lt;ttl&gt; O&lt;opaque&gt;\r\n&lt;data&gt;\r\n
 *   → HD (OK) | NS (NOT_STORED) | EX (EXISTS: CAS mismatch) | NF (NOT_FOUND: CAS on a missing key)
 *   → SERVER_ERROR object too large for cache (ValueTooLargeException)
 * </pre>
 */
public final class MetaSet extends KeyedCommand<WriteResult> {

    private final StoreMode mode;
    private final byte[] value;
    private final int flags;
    private final int ttlSeconds;
    private final long cas;

    /** {@code cas} 0 means unconditional. */
    public MetaSet(StoreMode mode, byte[] key, byte[] value, int flags, int ttlSeconds, long cas) {
        super("ms", key);
        this.mode = mode;
        this.value = value;
        this.flags = flags;
        this.ttlSeconds = ttlSeconds;
        this.cas = cas;
    }

    @Override
    public boolean hasDataBlock() {
        return true;
    }

    @Override
    public void encode(ByteBuf out) {
        out.ensureWritable(key.length + value.length + 64);
        writeCommandAndKey(out);
        out.writeByte(Ascii.SPACE);
        Ascii.writeDecimal(out, value.length);
        if (mode != StoreMode.SET) {
            out.writeByte(Ascii.SPACE);
            out.writeByte('M');
            out.writeByte(mode.token());
        }
        writeCas(out, cas);
        Ascii.writeFlag(out, 'F', Integer.toUnsignedLong(flags));
        Ascii.writeFlag(out, 'T', ttlSeconds);
        writeOpaqueAndEnd(out);
        out.writeBytes(value);
        Ascii.writeCrlf(out);
    }

    @Override
    protected WriteResult map(MetaReply reply) {
        return writeResult(reply);
    }

    @Override
    public String describe() {
        return super.describe() + " (" + value.length + " bytes, " + mode + (cas != 0 ? ", CAS" : "") + ")";
    }
}
