/** One class per memcached command: each writes its own request bytes and maps its own replies; a grammar comment on each. */
package io.cachette.memcached.meta;
