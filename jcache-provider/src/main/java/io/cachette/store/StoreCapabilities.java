package io.cachette.store;

/**
 * What a store does by itself.
 *
 * @param copiesValues   values cross a serialization boundary inside the store (a remote store), so the cache
 *                       layer must not copy them again and cannot offer store-by-reference
 * @param sharedAcrossJvms other JVMs may change entries behind this store's back, so nothing may be cached
 *                       locally about them
 */
public record StoreCapabilities(boolean copiesValues, boolean sharedAcrossJvms) {

    /** A heap store in this JVM. */
    public static final StoreCapabilities LOCAL = new StoreCapabilities(false, false);

    /** A store in a server cluster that other JVMs share. */
    public static final StoreCapabilities REMOTE = new StoreCapabilities(true, true);
}
