/**
 * The implementation of the JSR-107 rules under {@link io.cachette.jcache.CachetteCache}, one package per rule
 * as in {@code javax.cache.*}: {@code expiry} (the write decision), {@code write} (puts and removals),
 * {@code read}, {@code integration} (loader and writer), {@code processor}, {@code iteration}, {@code event},
 * {@code statistics} and {@code management}. Nothing here is API: types are package-private where they can be,
 * public only to cross between these packages. This package holds what they share: {@code CacheContext} (the
 * parts of one cache), {@code ByValue} (store-by-value copies), {@code ImmutableEntry} (the entries the iterator hands out and
 * the writer is given) and {@code Closeables}.
 */
package io.cachette.jcache.internal;
