package io.cachette.hibernate.internal;

import org.hibernate.cache.spi.access.SoftLock;

/**
 * What a read-write strategy hands Hibernate for a soft lock it placed: the lock's id, matched against the
 * {@link CachedLock} in the cache when the transaction completes.
 */
record LockHandle(Stamp lockId) implements SoftLock {
}
