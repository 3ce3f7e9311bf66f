/**
 * Implementation of the region factory, not API: regions over JCache caches with failures contained
 * ({@link io.cachette.hibernate.internal.RegionCache}), the read-write protocol on atomic cache operations
 * ({@link io.cachette.hibernate.internal.AtomicReadWriteAccess}), update timestamps whose loss reads as stale
 * ({@link io.cachette.hibernate.internal.TimestampsStorage}), settings and cache provisioning.
 */
package io.cachette.hibernate.internal;
