package io.cachette.memcached.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Optional HMAC-SHA256 signing of entries, so that whoever can write to a shared memcached but does not hold
 * the key cannot make this store deserialize bytes of their choosing, nor move a signed value to another key.
 *
 * <p>A signed item is {@value #MAC_BYTES} bytes of {@code HMAC-SHA256(key, memcached key UTF-8 ‖ 0x00 ‖ envelope)}
 * followed by the {@link Envelope}, under the client flags {@link #SIGNED_FLAGS}. Every JVM sharing the caches
 * must use the same key: an unsigned item read by a signing store, or a signed one read without the key, is
 * rejected (read as a miss), and so is any item whose MAC does not verify. To rotate the key, every JVM first
 * takes the new key with the old one as the previous key (it verifies items of both, signs with the new one),
 * then the previous key is dropped.
 */
public final class Signer {

    static final int MAC_BYTES = 32;
    /** The client flags of a signed item: "CT", signed, format version. */
    static final int SIGNED_FLAGS = 0x4354_0101;

    private final String setting;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Mac> previousMacs;

    /**
     * @param secret         signs and verifies
     * @param previousSecret a retired secret that still verifies, or {@code null}
     * @param setting        the name of the setting that turns signing on, for error messages
     */
    public Signer(byte[] secret, byte[] previousSecret, String setting) {
        this.setting = setting;
        this.macs = macsOf(secret);
        this.previousMacs = previousSecret == null ? null : macsOf(previousSecret);
    }

    private static ThreadLocal<Mac> macsOf(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("an HMAC key needs at least 16 bytes, got " + secret.length);
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        return ThreadLocal.withInitial(() -> newMac(key));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The signed item bytes of {@code envelope} under {@code memcachedKey}. */
    byte[] sign(String memcachedKey, byte[] envelope) {
        byte[] mac = mac(macs.get(), memcachedKey, envelope, 0, envelope.length);
        byte[] item = new byte[MAC_BYTES + envelope.length];
        System.arraycopy(mac, 0, item, 0, MAC_BYTES);
        System.arraycopy(envelope, 0, item, MAC_BYTES, envelope.length);
        return item;
    }

    /**
     * Checks a signed item.
     *
     * @throws SignatureFailureException when the item is not signed or its MAC does not verify
     */
    void verify(String memcachedKey, byte[] item, int flags) {
        if (flags != SIGNED_FLAGS || item.length < MAC_BYTES) {
            throw new SignatureFailureException("the item under " + memcachedKey + " is not signed, but this store"
                    + " only reads signed entries (" + setting + ")");
        }
        byte[] signature = Arrays.copyOf(item, MAC_BYTES);
        if (verifies(macs, memcachedKey, item, signature) || verifies(previousMacs, memcachedKey, item, signature)) {
            return;
        }
        throw new SignatureFailureException("the signature of the item under " + memcachedKey + " does not verify");
    }

    private static boolean verifies(ThreadLocal<Mac> macs, String memcachedKey, byte[] item, byte[] signature) {
        return macs != null && MessageDigest.isEqual(
                mac(macs.get(), memcachedKey, item, MAC_BYTES, item.length - MAC_BYTES), signature);
    }

    private static byte[] mac(Mac mac, String memcachedKey, byte[] bytes, int offset, int length) {
        mac.update(memcachedKey.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(bytes, offset, length);
        return mac.doFinal();
    }
}
