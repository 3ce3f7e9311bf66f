/**
 * Spring Boot auto-configuration of Cachette's meters and health (not exported; Spring reads it reflectively):
 * Cachette caches get {@link io.cachette.micrometer.CachetteMetrics} through Spring Boot's cache metrics, memcached
 * cache managers their servers' meters and a health indicator.
 */
package io.cachette.micrometer.autoconfigure;
