/**
 * The Netty transport (implementation, not API): native epoll or NIO sockets, the streaming reply decoder, the
 * pipelined connection handler (which batches the encoded commands), connection opening (TLS, authentication),
 * the per-server connection pool with its counters, and the client implementation.
 */
package io.cachette.memcached.internal.netty;
