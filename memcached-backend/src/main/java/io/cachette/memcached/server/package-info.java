/**
 * Throwaway local memcached processes on free loopback ports, for the demos, the tests' shared fixture and the
 * soak harness: {@link io.cachette.memcached.server.LocalMemcachedServers}. Not part of the client; nothing in
 * the client or the store uses it.
 */
package io.cachette.memcached.server;
