package io.cachette.memcached.internal.meta;

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

    @Override
    public String describe() {
        return name + " " + new String(key, StandardCharsets.UTF_8);
    }
}
