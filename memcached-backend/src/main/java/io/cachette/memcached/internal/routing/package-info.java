/**
 * Which server owns a key (implementation, not API): ketama consistent hashing compatible with spymemcached and
 * libmemcached (MD5, 160 points per server, 4 points per digest).
 */
package io.cachette.memcached.internal.routing;
