/**
 * Expiry: {@link io.cachette.jcache.internal.expiry.ExpiryDecision}, the one rule that turns the cache's
 * {@code ExpiryPolicy} into what a write or an access does to the stored entry (write with an expiry time,
 * keep, or remove), over the duration arithmetic of {@code ExpiryCalculator}.
 */
package io.cachette.jcache.internal.expiry;
