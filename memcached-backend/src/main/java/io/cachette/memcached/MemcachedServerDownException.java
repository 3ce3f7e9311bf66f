package io.cachette.memcached;

/** The server that owns the key is marked down (or its connection was lost while the operation was in flight), so the operation failed fast without waiting for a timeout. */
public class MemcachedServerDownException extends MemcachedException {

    public MemcachedServerDownException(String message) {
        super(message);
    }

    public MemcachedServerDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
