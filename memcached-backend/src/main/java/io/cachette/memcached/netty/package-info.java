/** The Netty transport: streaming reply decoder, encoder, pipelined connection handler, per-server nodes and the client implementation. */
package io.cachette.memcached.netty;
