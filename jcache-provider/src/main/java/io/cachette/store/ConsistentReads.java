package io.cachette.store;

import java.util.function.Supplier;

/**
 * Lets a unit of work — a Hibernate transaction, a batch of reads — share one freshness check of a cache manager's
 * near tiers instead of paying one per operation. Obtained with {@code cacheManager.unwrap(ConsistentReads.class)}
 * (or from {@link StoreBackend#consistentReads()}); {@link #NONE} where no store keeps a near tier.
 *
 * <p>The guarantee of a strict near tier, for reads run through {@link Scope#call}: every value served was current
 * at some moment after {@link #begin()} was called, as if the reads had been made then. Reads outside a scope
 * check freshness themselves, once per operation.
 */
public interface ConsistentReads {

    /** For stores without a near tier: scopes that do nothing. */
    ConsistentReads NONE = () -> new Scope() {
        @Override
        public <T> T call(Supplier<T> read) {
            return read.get();
        }
    };

    /** Checks freshness now (one round trip when a strict near tier exists, shared with concurrent callers). */
    Scope begin();

    /** The freshness check of one {@link #begin()}, for the reads of one unit of work on one thread at a time. */
    interface Scope {

        /** Runs {@code read} (cache operations on this thread) with this scope's freshness check. */
        <T> T call(Supplier<T> read);
    }
}
