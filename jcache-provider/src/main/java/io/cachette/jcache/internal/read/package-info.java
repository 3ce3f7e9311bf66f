/**
 * Reads: {@code get}, {@code getAll} and an iterator's lookups, with the access expiry of what they find and
 * read-through on a miss. The hot path of the cache; it allocates nothing of its own.
 */
package io.cachette.jcache.internal.read;
