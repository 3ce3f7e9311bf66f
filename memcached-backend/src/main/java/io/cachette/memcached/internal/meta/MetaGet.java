package io.cachette.memcached.internal.meta;

import io.cachette.memcached.Item;
import io.netty.buffer.ByteBuf;

/**
 * Meta get of the value with its client flags, CAS and remaining TTL, optionally touching the TTL.
 * <pre>
 * mg &lt;key&gt; v f c t [T&lt;ttl&gt;] O&lt;opaque&gt;\r\n
 *   → VA &lt;size&gt; f&lt;flags&gt; c&lt;cas&gt; t&lt;ttl&gt; O&lt;opaque&gt;\r\n&lt;data&gt;\r\n   (hit)
 *   → EN O&lt;opaque&gt;\r\n                                          (miss → null)
 * </pre>
 */
public final class MetaGet extends KeyedRead<Item> {

    private final boolean touch;
    private final int touchTtl;

    private MetaGet(byte[] key, boolean touch, int touchTtl) {
        super(key);
        this.touch = touch;
        this.touchTtl = touchTtl;
    }

    /** Reads the item. */
    public static MetaGet get(byte[] key) {
        return new MetaGet(key, false, 0);
    }

    /** Reads the item and sets its TTL. */
    public static MetaGet getAndTouch(byte[] key, int ttlSeconds) {
        return new MetaGet(key, true, ttlSeconds);
    }

    @Override
    public void encode(ByteBuf out) {
        writeCommandAndKey(out);
        Ascii.writeText(out, " v f c t");
        if (touch) {
            Ascii.writeFlag(out, 'T', touchTtl);
        }
        writeOpaqueAndEnd(out);
    }

    @Override
    protected Item map(MetaReply reply) {
        switch (reply.code()) {
            case VA:
                found(true);
                return toItem(reply);
            case EN:
                found(false);
                return null;
            default:
                throw unexpected(reply);
        }
    }

    /** The item of a {@code VA} reply carrying {@code f c t}. */
    static Item toItem(MetaReply reply) {
        return new Item(reply.value(), reply.flags(), reply.cas(), reply.ttl());
    }
}
