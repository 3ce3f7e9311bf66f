/**
 * Management: a cache's statistics and configuration MXBeans, registered under the spec's object names while
 * statistics or management are enabled, and herd control's MXBean next to the statistics one
 * ({@code CacheManagement}).
 */
package io.cachette.jcache.internal.management;
