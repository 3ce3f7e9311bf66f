package io.cachette.memcached.internal.meta;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * memcached's ASCII authentication ({@code -Y}): the first command on a connection, a text-protocol set whose
 * data is {@code "<user> <password>"}. The key is ignored by the server.
 * <pre>
 * set auth 0 0 &lt;n&gt;\r\n&lt;user&gt; &lt;password&gt;\r\n
 *   → STORED\r\n                         (authenticated)
 *   → CLIENT_ERROR unauthenticated\r\n   (refused)
 * </pre>
 */
public final class AsciiAuthenticate extends AcknowledgedCommand {

    private final byte[] data;

    public AsciiAuthenticate(String username, String password) {
        super("authenticate as '" + username + "'", MetaReply.Code.TEXT, "STORED"); // never the password
        this.data = (username + " " + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasDataBlock() {
        return true;
    }

    @Override
    public void encode(ByteBuf out) {
        Ascii.writeText(out, "set auth 0 0 ");
        Ascii.writeDecimal(out, data.length);
        Ascii.writeCrlf(out);
        out.writeBytes(data);
        Ascii.writeCrlf(out);
    }
}
