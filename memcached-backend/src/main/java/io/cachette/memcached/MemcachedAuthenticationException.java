package io.cachette.memcached;

/**
 * The server refused the client's credentials (memcached's ASCII authentication, {@code -Y}), or it requires
 * authentication and the client has none configured. The server counts as down — hence a
 * {@link MemcachedServerDownException}, so code that treats down servers as misses keeps working — but the
 * message says that the fix is in the configuration, not the network. The client keeps retrying in the
 * background, so a corrected auth file on the server is picked up.
 */
public class MemcachedAuthenticationException extends MemcachedServerDownException {

    public MemcachedAuthenticationException(String message) {
        super(message);
    }

    public MemcachedAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
