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
public final class AsciiAuthenticate extends SingleCommand<Void> {

    private final byte[] data;
    private final String username;

    public AsciiAuthenticate(String username, String password) {
        this.username = username;
        this.data = (username + " " + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int opaqueCount() {
        return 0;
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

    @Override
    protected Void map(MetaReply reply) {
        if (reply.code() != MetaReply.Code.TEXT || !"STORED".equals(reply.text())) {
            throw unexpected(reply);
        }
        return null;
    }

    @Override
    public String describe() {
        return "authenticate as '" + username + "'"; // never the password
    }
}
