package io.cachette.memcached;

/** The server answered {@code SERVER_ERROR} (for example out of memory) or an error line it may send for admin commands. */
public class MemcachedServerErrorException extends MemcachedException {

    public MemcachedServerErrorException(String message) {
        super(message);
    }

    public MemcachedServerErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
