package io.cachette.hibernate.internal;

/**
 * Signals, inside this package only, that a cache operation failed and was already logged: the caller
 * degrades (cache miss, skipped write) instead of retrying.
 *
 * <p>Why a distinct type: the read-write strategies run compare-and-set loops; a failed {@code replace} must
 * end the loop at once rather than look like contention and be retried against a cache that is down.
 */
final class CacheUnavailableException extends RuntimeException {

    CacheUnavailableException(RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
