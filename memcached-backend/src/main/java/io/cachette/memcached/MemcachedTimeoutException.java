package io.cachette.memcached;

/**
 * An operation got no reply within the configured operation timeout; the server may be slow, paused or
 * partitioned. A timed-out write is in doubt: it may have been applied, or may still be applied later — a
 * paused server ({@code SIGSTOP}) executes the requests waiting in its socket when it resumes, even after the
 * client gave up on them and closed the connection. Callers that must not see such a late write (a cache that
 * dropped the entry instead) fence it, e.g. by flushing the server on re-admission.
 */
public class MemcachedTimeoutException extends MemcachedException {

    public MemcachedTimeoutException(String message) {
        super(message);
    }

    public MemcachedTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
