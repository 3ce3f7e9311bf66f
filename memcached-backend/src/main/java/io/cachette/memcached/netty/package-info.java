/** The Netty transport: native epoll or NIO sockets, streaming reply decoder, pipelined connection handler (which batches the encoded commands), per-server nodes and the client implementation. */
package io.cachette.memcached.netty;
