package io.cachette.memcached;

/**
 * A key memcached cannot hold: empty, longer than 250 bytes in UTF-8, or containing a space or control
 * character. The message says which rule the key broke. Nothing was sent.
 */
public class IllegalKeyException extends MemcachedException {

    public IllegalKeyException(String message) {
        super(message);
    }
}
