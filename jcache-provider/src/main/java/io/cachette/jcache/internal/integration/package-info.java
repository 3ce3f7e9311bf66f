/**
 * Read- and write-through: the cache's loader and writer with the spec's error and batch contracts
 * ({@code CacheLoaderAdapter}, {@code CacheWriterAdapter}), and loading into the cache ({@code ReadThrough}).
 */
package io.cachette.jcache.internal.integration;
