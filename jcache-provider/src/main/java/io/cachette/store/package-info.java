/**
 * The seam between the JSR-107 rules and storage: the {@link io.cachette.store.Store} SPI that the local LRU
 * store and the memcached store implement.
 */
package io.cachette.store;
