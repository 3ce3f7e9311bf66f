package io.cachette.store;

/** The shared resources of one cache manager's backend, and the stores of its caches. */
public interface StoreBackend extends AutoCloseable {

    /** What the stores of this backend do by themselves. */
    StoreCapabilities capabilities();

    /** How a unit of work shares one freshness check of this backend's near tiers ({@link ConsistentReads#NONE}: none). */
    default ConsistentReads consistentReads() {
        return ConsistentReads.NONE;
    }

    /** A store for one cache. */
    <K, V> Store<K, V> createStore(StoreContext context);

    /** Releases the backend's resources (its connections); its stores stop working. */
    @Override
    void close();
}
