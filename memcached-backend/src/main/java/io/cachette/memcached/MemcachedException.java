package io.cachette.memcached;

/**
 * Base of every failure the memcached client reports, so callers can catch one type; the subclasses say what
 * went wrong (timeout, server down, protocol, server/client error, value too large, illegal key).
 */
public class MemcachedException extends RuntimeException {

    public MemcachedException(String message) {
        super(message);
    }

    public MemcachedException(String message, Throwable cause) {
        super(message, cause);
    }
}
