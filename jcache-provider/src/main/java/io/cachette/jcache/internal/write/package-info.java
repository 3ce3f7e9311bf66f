/**
 * Writes and removals: the atomic single-entry mutations ({@code Mutations}: a write or a removal with its writer
 * call, run through {@code Store.compute}), and the put and remove operations built on them ({@code Writes},
 * {@code Removals}). The expiry of what they write is decided in {@code internal.expiry}.
 */
package io.cachette.jcache.internal.write;
