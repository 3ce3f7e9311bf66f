/** Entry processors: the per-key results of {@code invokeAll}. */
package io.cachette.jcache.internal.processor;
