package io.cachette.memcached;

/** The modes of the meta set command ({@code ms … M<token>}). */
public enum StoreMode {
    /** Store unconditionally. */
    SET('S'),
    /** Store only if the key is absent. */
    ADD('E'),
    /** Store only if the key is present. */
    REPLACE('R'),
    /** Append the bytes to an existing value (flags and TTL of the item are kept). */
    APPEND('A'),
    /** Prepend the bytes to an existing value (flags and TTL of the item are kept). */
    PREPEND('P');

    private final char token;

    StoreMode(char token) {
        this.token = token;
    }

    /** The mode character of the {@code M} flag. */
    public char token() {
        return token;
    }
}
