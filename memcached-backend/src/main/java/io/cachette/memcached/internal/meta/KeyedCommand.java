package io.cachette.memcached.internal.meta;

import io.cachette.memcached.WriteResult;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A meta command on one key ({@code mg}, {@code ms}, {@code md}, {@code ma}): writes {@code "<cmd> <key>"} and
 * describes itself by command and key.
 *
 * @param <T> the result type
 */
abstract class KeyedCommand<T> extends SingleCommand<T> {

    private final String name;
    final byte[] key;

    KeyedCommand(String name, byte[] key) {
        this.name = name;
        this.key = key;
    }

    /** Writes {@code "<name> <key>"}. */
    final void writeCommandAndKey(ByteBuf out) {
        out.writeByte(name.charAt(0));
        out.writeByte(name.charAt(1));
        out.writeByte(Ascii.SPACE);
        out.writeBytes(key);
    }

    /** Writes {@code " O<opaque>\r\n"}. */
    final void writeOpaqueAndEnd(ByteBuf out) {
        Ascii.writeFlag(out, 'O', opaque());
        Ascii.writeCrlf(out);
    }

    /** Writes {@code " C<cas>"} unless {@code cas} is 0 (unconditional). */
    static void writeCas(ByteBuf out, long cas) {
        if (cas != 0) {
            Ascii.writeUnsignedFlag(out, 'C', cas);
        }
    }

    /**
     * The result of a write's status line ({@code ms}, {@code md}): {@code HD} OK, {@code NS} not stored,
     * {@code EX} CAS mismatch, {@code NF} not found.
     *
     * @throws io.cachette.memcached.MemcachedProtocolException for any other code
     */
    final WriteResult writeResult(MetaReply reply) {
        return switch (reply.code()) {
            case HD -> WriteResult.OK;
            case NS -> WriteResult.NOT_STORED;
            case EX -> WriteResult.EXISTS;
            case NF -> WriteResult.NOT_FOUND;
            default -> throw unexpected(reply);
        };
    }

    @Override
    public String describe() {
        return name + " " + new String(key, StandardCharsets.UTF_8);
    }
}
