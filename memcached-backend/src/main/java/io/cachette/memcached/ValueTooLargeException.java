package io.cachette.memcached;

/**
 * A value is larger than the client's configured limit (checked before anything is sent) or than the server's
 * item size limit ({@code SERVER_ERROR object too large for cache}).
 */
public class ValueTooLargeException extends MemcachedException {

    public ValueTooLargeException(String message) {
        super(message);
    }
}
