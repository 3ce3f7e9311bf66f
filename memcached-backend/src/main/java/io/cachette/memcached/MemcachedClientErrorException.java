package io.cachette.memcached;

/** The server answered {@code CLIENT_ERROR} or {@code ERROR}: it rejected the request (for example incrementing a non-numeric value). */
public class MemcachedClientErrorException extends MemcachedException {

    public MemcachedClientErrorException(String message) {
        super(message);
    }

    public MemcachedClientErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
