package io.cachette.memcached.store.internal;

/**
 * A signing store refused an item before decoding it: the item is unsigned, signed with another key, tampered
 * with or moved under another memcached key ({@link Signer#verify}). A {@link RejectedPayloadException} like the
 * others, so every path still reads it as a miss; its own type lets {@link FailureCounters} count signature
 * failures apart from deserialization rejections, since the first can mean someone is writing to the cluster
 * without the key and the second a class missing from the allow-list.
 */
public final class SignatureFailureException extends RejectedPayloadException {

    private static final long serialVersionUID = 1L;

    public SignatureFailureException(String message) {
        super(message);
    }
}
