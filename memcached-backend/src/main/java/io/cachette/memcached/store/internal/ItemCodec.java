package io.cachette.memcached.store.internal;

import io.cachette.memcached.Item;

/**
 * Seals values into memcached item bytes and opens them again: the {@link Envelope}, signed by the
 * {@link Signer} when entries are signed, and the item flags that say which. Static functions over an optional
 * signer, so that the read and write paths keep the one field load they had.
 */
public final class ItemCodec {

    private ItemCodec() {
    }

    /** The flags of the items written with {@code signer} ({@code null}: unsigned). */
    public static int flags(Signer signer) {
        return signer == null ? Envelope.FLAGS : Signer.SIGNED_FLAGS;
    }

    /** The item bytes of a value of key {@code text} stored under {@code memcachedKey}. */
    public static byte[] seal(Signer signer, String memcachedKey, String text, Object value, long expiresAtMillis) {
        byte[] envelope = Envelope.encode(value, expiresAtMillis, isDigest(memcachedKey, text) ? text : null);
        return signer == null ? envelope : signer.sign(memcachedKey, envelope);
    }

    /**
     * The envelope of an item, its signature checked first when entries are signed.
     *
     * @throws RejectedPayloadException when the item is not a valid (signed) envelope
     */
    public static Envelope open(Signer signer, String memcachedKey, Item item) {
        if (signer == null) {
            return Envelope.decode(item.value(), item.flags());
        }
        signer.verify(memcachedKey, item.value(), item.flags());
        return Envelope.decodeAt(item.value(), Signer.MAC_BYTES);
    }

    /**
     * The envelope of the item read for key {@code text}; under a digest key it must carry that text.
     *
     * @throws RejectedPayloadException when it is not a valid envelope or belongs to another key
     */
    public static Envelope open(Signer signer, String memcachedKey, String text, Item item) {
        Envelope envelope = open(signer, memcachedKey, item);
        if (isDigest(memcachedKey, text) && !text.equals(envelope.keyText())) {
            throw new RejectedPayloadException("the entry under the digest key " + memcachedKey
                    + " belongs to another key");
        }
        return envelope;
    }

    /** Whether {@code memcachedKey} is the digest form of the key text (a plain key ends with its text). */
    static boolean isDigest(String memcachedKey, String text) {
        return !memcachedKey.endsWith(text);
    }
}
