/** Iteration: the cache's iterator over the store's key snapshot, and the entries it hands out. */
package io.cachette.jcache.internal.iteration;
