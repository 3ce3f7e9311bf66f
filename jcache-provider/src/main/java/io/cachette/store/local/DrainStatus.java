package io.cachette.store.local;

/**
 * Whether a buffered write of the local store may be waiting for maintenance. Writers set it on every write
 * and the holder of the eviction lock clears it, so it sits on a cache line of its own, away from the
 * read-only fields every {@code get} reads.
 */
final class DrainStatus extends Padding.DrainStatusField {

    static final int IDLE = 0;
    static final int REQUIRED = 1;

    long q00, q01, q02, q03, q04, q05, q06, q07;

    boolean isRequired() {
        return status == REQUIRED;
    }

    /** Marks maintenance as required; a writer calls it after buffering its write. */
    void require() {
        status = REQUIRED;
    }

    /** Clears the mark; the holder of the eviction lock calls it before it drains the buffers. */
    void clear() {
        if (status != IDLE) {
            status = IDLE;
        }
    }
}
