package io.cachette.memcached.internal.routing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MD5 for the ketama ring: one digest and one output buffer per thread, so hashing a key allocates nothing.
 * MD5 is required of every Java platform; here it spreads keys, it protects nothing.
 */
final class Md5 {

    private static final MessageDigest PROTOTYPE = newDigest();

    private static final ThreadLocal<Md5> PER_THREAD = ThreadLocal.withInitial(Md5::new);

    private final MessageDigest digest = copyOfPrototype();
    private final byte[] out = new byte[16];

    private Md5() {
    }

    /** The key's ring position: the first 4 bytes of MD5(key), little-endian, as an unsigned 32-bit int. */
    static int keyHash(byte[] key) {
        Md5 md5 = PER_THREAD.get();
        byte[] d = md5.digestInto(key);
        return littleEndianInt(d, 0);
    }

    /** The 16-byte digest of {@code bytes} (a new array; for building the ring). */
    static byte[] digest(byte[] bytes) {
        return PER_THREAD.get().digestInto(bytes).clone();
    }

    /** Bytes {@code from..from+3} of {@code bytes} as a little-endian (unsigned 32-bit) int. */
    static int littleEndianInt(byte[] bytes, int from) {
        return (bytes[from] & 0xFF)
                | (bytes[from + 1] & 0xFF) << 8
                | (bytes[from + 2] & 0xFF) << 16
                | (bytes[from + 3] & 0xFF) << 24;
    }

    private byte[] digestInto(byte[] bytes) {
        digest.update(bytes);
        try {
            digest.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("MD5 digest did not fit 16 bytes", e);
        }
        return out;
    }

    private static MessageDigest copyOfPrototype() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform but is missing", e);
        }
    }
}
