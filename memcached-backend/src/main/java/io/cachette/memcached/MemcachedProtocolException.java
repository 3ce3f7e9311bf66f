package io.cachette.memcached;

/** The server sent bytes that are not a valid reply; the client closed that one connection and failed the operations that were in flight on it. */
public class MemcachedProtocolException extends MemcachedException {

    public MemcachedProtocolException(String message) {
        super(message);
    }

    public MemcachedProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
