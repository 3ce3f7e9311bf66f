package io.cachette.memcached.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one stored entry: a small versioned header, then the value's payload.
 * <pre>
 *   byte  format version (1)
 *   byte  value codec ({@link ValueCodec#JAVA}, {@link ValueCodec#UTF8})
 *   long  expiry time, epoch milliseconds, big-endian ({@code Long.MAX_VALUE}: never)
 *   byte  key text charset: 0 none, 1 UTF-8, 2 UTF-16BE
 *   [int  key text length in bytes, big-endian; key text]   only when the charset is not 0
 *   payload (the rest)
 * </pre>
 * The key text is the key's {@link KeyCodec canonical text}; it is written when the memcached key is a digest,
 * so that iteration can decode the key and a read can check that the entry is really this key's. Items carry
 * the client flags {@link #FLAGS}; an item with other flags or another version is not ours and reads as a miss.
 *
 * @param version         the format version
 * @param codec           the payload's codec
 * @param expiresAtMillis the entry's expiry time
 * @param keyText         the key's canonical text, or {@code null}
 * @param bytes           the whole envelope
 * @param payloadOffset   where the payload starts in {@code bytes}
 */
public record Envelope(int version, byte codec, long expiresAtMillis, String keyText, byte[] bytes, int payloadOffset) {

    static final int VERSION = 1;
    /** The client flags of every Cachette item: "CT" and the format version. */
    public static final int FLAGS = 0x4354_0001;
    private static final int FIXED_HEADER = 1 + 1 + 8 + 1;

    public int payloadLength() {
        return bytes.length - payloadOffset;
    }

    /**
     * The envelope of {@code value}, with {@code keyText} when it is not {@code null}: one array of the exact size
     * (a put's hot path: no growing buffer, no per-byte writes).
     */
    public static byte[] encode(Object value, long expiresAtMillis, String keyText) {
        byte codec = ValueCodec.codecOf(value);
        byte[] payload = ValueCodec.payload(value, codec);
        byte[] key = null;
        byte keyCharset = 0;
        if (keyText != null) {
            boolean utf8 = Utf16.wellFormed(keyText);
            key = utf8 ? keyText.getBytes(StandardCharsets.UTF_8) : Utf16.bytes(keyText);
            keyCharset = (byte) (utf8 ? 1 : 2);
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_HEADER + (key == null ? 0 : Integer.BYTES + key.length)
                + payload.length);
        out.put((byte) VERSION).put(codec).putLong(expiresAtMillis).put(keyCharset);
        if (key != null) {
            out.putInt(key.length).put(key);
        }
        return out.put(payload).array();
    }

    /**
     * Reads the header of an item's bytes.
     *
     * @throws RejectedPayloadException when the flags, the version or the header do not fit
     */
    public static Envelope decode(byte[] bytes, int flags) {
        if (flags != FLAGS) {
            throw new RejectedPayloadException(String.format("item flags 0x%08x are not Cachette's 0x%08x: not "
                    + "written by this store", flags, FLAGS));
        }
        return decodeAt(bytes, 0);
    }

    /** Reads a header that starts at {@code start} (after a signature); the flags are the caller's to check. */
    static Envelope decodeAt(byte[] bytes, int start) {
        if (bytes.length - start < FIXED_HEADER) {
            throw new RejectedPayloadException("envelope of " + (bytes.length - start)
                    + " bytes is shorter than its header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.position(start);
        int version = buffer.get() & 0xff;
        if (version != VERSION) {
            throw new RejectedPayloadException("envelope format version " + version + " is not " + VERSION);
        }
        byte codec = buffer.get();
        long expiresAt = buffer.getLong();
        int charset = buffer.get();
        String keyText = null;
        if (charset != 0) {
            if (charset != 1 && charset != 2 || buffer.remaining() < 4) {
                throw new RejectedPayloadException("envelope key header is corrupt");
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new RejectedPayloadException("envelope key length " + length + " is corrupt");
            }
            keyText = charset == 1 ? new String(bytes, buffer.position(), length, StandardCharsets.UTF_8)
                    : Utf16.text(bytes, buffer.position(), length);
            buffer.position(buffer.position() + length);
        }
        return new Envelope(version, codec, expiresAt, keyText, bytes, buffer.position());
    }
}
