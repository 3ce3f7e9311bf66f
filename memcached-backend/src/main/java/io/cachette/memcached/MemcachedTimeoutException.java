package io.cachette.memcached;

/** An operation got no reply within the configured operation timeout; the server may be slow, paused or partitioned. */
public class MemcachedTimeoutException extends MemcachedException {

    public MemcachedTimeoutException(String message) {
        super(message);
    }

    public MemcachedTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
