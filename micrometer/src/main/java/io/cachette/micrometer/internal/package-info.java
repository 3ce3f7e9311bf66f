/** Helpers the binders of both packages share; not exported. */
package io.cachette.micrometer.internal;
