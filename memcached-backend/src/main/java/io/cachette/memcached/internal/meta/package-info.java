/**
 * One class per memcached command (implementation, not API): each writes its own request bytes and maps its own
 * replies; a grammar comment on each.
 */
package io.cachette.memcached.internal.meta;
