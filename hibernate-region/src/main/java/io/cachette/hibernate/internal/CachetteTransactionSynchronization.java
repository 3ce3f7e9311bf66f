package io.cachette.hibernate.internal;

import java.util.Objects;

import org.hibernate.cache.spi.CacheTransactionSynchronization;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import io.cachette.store.ConsistentReads;

/**
 * A session's cache timestamp and near-tier freshness check, taken together when the session joins a transaction
 * (or, outside one, when it first needs them), from {@link Timestamper#transactionStart()} rather than Hibernate's
 * default {@code RegionFactory.nextTimestamp()}.
 *
 * <p>Why: Hibernate's {@code StandardCacheTransactionSynchronization} takes a change timestamp
 * ({@code nextTimestamp()}) for every session, which on a shared cache means advancing the shared counter — a
 * write to the cache per session although most sessions only read. A transaction start only has to be ordered
 * against changes, which a read of the counter gives (see {@link CacheTimestamper}). Taken lazily, a session pays
 * for one start per transaction, not one more when it opens.
 *
 * <p>With near tiers over a shared store, the start also {@linkplain ConsistentReads#begin() checks their
 * freshness} once: the session's reads ({@link #scopeOf}) then serve near entries current as of the transaction's
 * start, with no round trip each, and the counter itself is read inside that check.
 */
public final class CachetteTransactionSynchronization implements CacheTransactionSynchronization {

    private final Timestamper timestamper;
    private final ConsistentReads reads;
    private ConsistentReads.Scope scope;
    private long cachingTimestamp;

    public CachetteTransactionSynchronization(Timestamper timestamper, ConsistentReads reads) {
        this.timestamper = Objects.requireNonNull(timestamper, "timestamper");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /** The freshness check of {@code session}'s current transaction, or {@code null} outside a Cachette session. */
    static ConsistentReads.Scope scopeOf(SharedSessionContractImplementor session) {
        return session != null
                && session.getCacheTransactionSynchronization() instanceof CachetteTransactionSynchronization sync
                ? sync.scope() : null;
    }

    private ConsistentReads.Scope scope() {
        if (scope == null) {
            start();
        }
        return scope;
    }

    private void start() {
        ConsistentReads.Scope started = reads.begin();
        cachingTimestamp = started.call(timestamper::transactionStart);
        scope = started;
    }

    @Override
    public long getCachingTimestamp() {
        if (scope == null) {
            start();
        }
        return cachingTimestamp;
    }

    @Override
    public void transactionJoined() {
        start();
    }

    @Override
    public void transactionCompleting() {
        // nothing to do: changes take their own timestamps
    }

    @Override
    public void transactionCompleted(boolean successful) {
        scope = null; // work after the transaction starts afresh
    }
}
