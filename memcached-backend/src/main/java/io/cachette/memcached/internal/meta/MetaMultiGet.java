package io.cachette.memcached.internal.meta;

import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.MemcachedProtocolException;
import io.netty.buffer.ByteBuf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one server fetched in one round trip: a quiet meta get per key (misses stay silent) closed by
 * a no-op whose {@code MN} marks the end of the batch.
 * <pre>
 * mg &lt;key1&gt; v f c t q O&lt;n&gt;\r\n … mg &lt;keyN&gt; v f c t q O&lt;n+N-1&gt;\r\n mn\r\n
 *   → VA &lt;size&gt; f c t O&lt;n+i&gt;\r\n&lt;data&gt;\r\n per hit, then MN\r\n
 * </pre>
 * An error line inside the batch cannot be tied to its key (errors carry no opaque); the batch then fails with
 * that error once {@code MN} arrives, so the connection stays in step.
 */
public final class MetaMultiGet extends FutureCommand<Map<String, Item>> {

    private final List<String> keys;
    private final List<byte[]> encoded;
    private final Map<String, Item> results;
    private MemcachedException error;

    /** {@code keys} and their encoded bytes, index for index, without duplicates. */
    public MetaMultiGet(List<String> keys, List<byte[]> encoded) {
        if (keys.size() != encoded.size() || keys.isEmpty()) {
            throw new IllegalArgumentException("keys and encoded keys differ or are empty");
        }
        this.keys = keys;
        this.encoded = encoded;
        this.results = new HashMap<>(Math.max(4, keys.size() * 4 / 3 + 1));
    }

    @Override
    public int opaqueCount() {
        return keys.size();
    }

    @Override
    public void encode(ByteBuf out) {
        int first = opaque();
        for (int i = 0; i < encoded.size(); i++) {
            byte[] key = encoded.get(i);
            out.ensureWritable(key.length + 32);
            out.writeByte('m');
            out.writeByte('g');
            out.writeByte(Ascii.SPACE);
            out.writeBytes(key);
            Ascii.writeText(out, " v f c t q");
            Ascii.writeFlag(out, 'O', first + i);
            Ascii.writeCrlf(out);
        }
        Ascii.writeText(out, "mn\r\n");
    }

    @Override
    public boolean onReply(MetaReply reply) {
        switch (reply.code()) {
            case MN:
                replied(error != null);
                if (error != null) {
                    future.completeExceptionally(error);
                } else {
                    future.complete(results);
                }
                return true;
            case ERROR:
            case CLIENT_ERROR:
            case SERVER_ERROR:
                if (error == null) {
                    error = Errors.toException(reply, describe());
                }
                return false;
            case VA:
                results.put(keys.get(index(reply)), MetaGet.toItem(reply));
                return false;
            case EN:
                index(reply);
                return false;
            default:
                throw new MemcachedProtocolException("unexpected reply '" + reply + "' in " + describe());
        }
    }

    private int index(MetaReply reply) {
        int index = reply.opaque() - opaque();
        if (reply.opaque() == MetaReply.NO_OPAQUE || index < 0 || index >= keys.size()) {
            throw new MemcachedProtocolException("reply '" + reply + "' does not match opaques " + opaque() + ".."
                    + (opaque() + keys.size() - 1) + " of " + describe());
        }
        return index;
    }

    @Override
    public int hits() {
        return results.size();
    }

    @Override
    public int misses() {
        return keys.size() - results.size();
    }

    @Override
    public int operations() {
        return keys.size();
    }

    @Override
    public String describe() {
        return "multi-get of " + keys.size() + " keys";
    }
}
