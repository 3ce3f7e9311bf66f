/** Management: the statistics and configuration MXBeans of a cache, under the spec's object names. */
package io.cachette.jcache.internal.management;
