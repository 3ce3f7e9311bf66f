package io.cachette.store;

/**
 * What a store that absorbs failures reports about them: a remote store may answer a read of an unreachable
 * server as a miss and drop a write without throwing, so a layer above (the Hibernate region factory, metrics)
 * cannot see the outage from the operations' outcomes. Asked for through {@code Cache.unwrap(StoreFailures.class)};
 * a store that always throws its failures does not implement it.
 */
public interface StoreFailures {

    /** How many reads and writes the store answered without reaching its storage since it opened. */
    long absorbedFailures();
}
