/**
 * Entry processors: {@code invoke} and {@code invokeAll} run inside the store's atomic compute, on a mutable
 * entry that records the processor's net effect, with the per-key results of {@code invokeAll}.
 */
package io.cachette.jcache.internal.processor;
