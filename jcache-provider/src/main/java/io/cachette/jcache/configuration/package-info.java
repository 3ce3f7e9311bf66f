/**
 * Configuration: {@link io.cachette.jcache.configuration.CachetteConfiguration} for {@code createCache}, and the
 * one parser of the {@code cachette.*} settings ({@link io.cachette.jcache.configuration.SettingsParser}, whose
 * Javadoc lists every key).
 */
package io.cachette.jcache.configuration;
