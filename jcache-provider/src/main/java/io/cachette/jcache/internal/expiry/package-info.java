/** Expiry: turns an {@code ExpiryPolicy}'s durations into store expiry times. */
package io.cachette.jcache.internal.expiry;
