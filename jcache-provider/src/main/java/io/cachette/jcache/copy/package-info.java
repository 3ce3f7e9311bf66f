/** Store-by-value copies: the pluggable {@link io.cachette.jcache.copy.Copier} and its Java-serialization default. */
package io.cachette.jcache.copy;
