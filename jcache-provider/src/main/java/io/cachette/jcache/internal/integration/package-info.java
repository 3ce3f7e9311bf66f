/** Read- and write-through: the cache's loader and writer with the spec's error and batch contracts. */
package io.cachette.jcache.internal.integration;
