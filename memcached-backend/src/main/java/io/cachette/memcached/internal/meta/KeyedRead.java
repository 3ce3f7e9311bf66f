package io.cachette.memcached.internal.meta;

/**
 * A meta get of one key that counts, for the server's metrics, whether it found the key.
 *
 * @param <T> the result type
 */
abstract class KeyedRead<T> extends KeyedCommand<T> {

    /** {@code -1} until the reply came, then 1 (found) or 0 (not found). */
    private int found = -1;

    KeyedRead(byte[] key) {
        super("mg", key);
    }

    /** Records what the reply said. */
    final void found(boolean found) {
        this.found = found ? 1 : 0;
    }

    @Override
    public final int hits() {
        return found == 1 ? 1 : 0;
    }

    @Override
    public final int misses() {
        return found == 0 ? 1 : 0;
    }
}
