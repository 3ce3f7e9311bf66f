package io.cachette.memcached.store.internal;

import javax.cache.CacheException;

/**
 * A key or value read from memcached could not be turned back into an object: its class is not on the
 * deserialization allow-list, the bytes are not a Cachette envelope, or they are corrupt. The memcached store
 * counts and logs it and treats the entry as a miss; it never hands the bytes to application code.
 */
public class RejectedPayloadException extends CacheException {

    private static final long serialVersionUID = 1L;

    public RejectedPayloadException(String message) {
        super(message);
    }

    public RejectedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
