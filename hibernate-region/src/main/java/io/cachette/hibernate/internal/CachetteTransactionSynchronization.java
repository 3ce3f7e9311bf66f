package io.cachette.hibernate.internal;

import java.util.Objects;

import org.hibernate.cache.spi.CacheTransactionSynchronization;

/**
 * A session's cache timestamp: taken when the session opens and again whenever it joins a transaction, from
 * {@link Timestamper#transactionStart()} rather than Hibernate's default {@code RegionFactory.nextTimestamp()}.
 *
 * <p>Why: Hibernate's {@code StandardCacheTransactionSynchronization} takes a change timestamp
 * ({@code nextTimestamp()}) for every session, which on a shared cache means advancing the shared counter — a
 * write to the cache per session although most sessions only read. A transaction start only has to be ordered
 * against changes, which a read of the counter gives (see {@link CacheTimestamper}).
 */
public final class CachetteTransactionSynchronization implements CacheTransactionSynchronization {

    private final Timestamper timestamper;
    private long cachingTimestamp;

    public CachetteTransactionSynchronization(Timestamper timestamper) {
        this.timestamper = Objects.requireNonNull(timestamper, "timestamper");
        this.cachingTimestamp = timestamper.transactionStart();
    }

    @Override
    public long getCachingTimestamp() {
        return cachingTimestamp;
    }

    @Override
    public void transactionJoined() {
        cachingTimestamp = timestamper.transactionStart();
    }

    @Override
    public void transactionCompleting() {
        // nothing to do: changes take their own timestamps
    }

    @Override
    public void transactionCompleted(boolean successful) {
        // nothing to do: the timestamp is renewed when the session joins its next transaction
    }
}
