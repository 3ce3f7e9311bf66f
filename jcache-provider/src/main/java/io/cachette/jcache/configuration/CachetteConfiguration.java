package io.cachette.jcache.configuration;

import io.cachette.jcache.copy.Copier;
import io.cachette.jcache.copy.JavaSerializationCopier;

import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * A {@link MutableConfiguration} with Cachette's per-cache settings: the bounds of the store and the
 * {@link Copier} of store-by-value. Given to {@code createCache}, its settings take precedence over the
 * properties of the cache manager ({@code cachette.cache.<name>.*}); unset ones ({@code null}) fall back to
 * them.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class CachetteConfiguration<K, V> extends MutableConfiguration<K, V> {

    private static final long serialVersionUID = 1L;

    private Long maxEntries;
    private Long maxBytes;
    private Factory<? extends Copier> copierFactory;
    private final java.util.LinkedHashMap<String, String> storeDefaults = new java.util.LinkedHashMap<>();

    /** A configuration with the JCache defaults and no Cachette settings. */
    public CachetteConfiguration() {
        copierFactory = FactoryBuilder.factoryOf(JavaSerializationCopier.class);
    }

    /** A copy of {@code configuration}, including its Cachette settings when it has any. */
    public CachetteConfiguration(Configuration<K, V> configuration) {
        this();
        setTypes(configuration.getKeyType(), configuration.getValueType());
        setStoreByValue(configuration.isStoreByValue());
        if (configuration instanceof CompleteConfiguration<K, V> complete) {
            setReadThrough(complete.isReadThrough());
            setWriteThrough(complete.isWriteThrough());
            setStatisticsEnabled(complete.isStatisticsEnabled());
            setManagementEnabled(complete.isManagementEnabled());
            if (complete.getCacheLoaderFactory() != null) {
                setCacheLoaderFactory(complete.getCacheLoaderFactory());
            }
            if (complete.getCacheWriterFactory() != null) {
                setCacheWriterFactory(complete.getCacheWriterFactory());
            }
            if (complete.getExpiryPolicyFactory() != null) {
                setExpiryPolicyFactory(complete.getExpiryPolicyFactory());
            }
            complete.getCacheEntryListenerConfigurations().forEach(listenerConfigurations::add);
        }
        if (configuration instanceof CachetteConfiguration<K, V> cachette) {
            maxEntries = cachette.maxEntries;
            maxBytes = cachette.maxBytes;
            copierFactory = cachette.copierFactory;
            storeDefaults.putAll(cachette.storeDefaults);
        }
    }

    /** The most entries the cache keeps, or {@code null} to use the cache manager's setting. */
    public Long getMaxEntries() {
        return maxEntries;
    }

    /** Bounds the cache to {@code maxEntries} entries ({@code null}: the cache manager's setting). */
    public CachetteConfiguration<K, V> setMaxEntries(Long maxEntries) {
        this.maxEntries = positive("maxEntries", maxEntries);
        return this;
    }

    /** The most estimated bytes the cache keeps, or {@code null} to use the cache manager's setting. */
    public Long getMaxBytes() {
        return maxBytes;
    }

    /** Bounds the cache to {@code maxBytes} estimated bytes ({@code null}: the cache manager's setting). */
    public CachetteConfiguration<K, V> setMaxBytes(Long maxBytes) {
        this.maxBytes = positive("maxBytes", maxBytes);
        return this;
    }

    /**
     * Lets entries live {@code seconds} after they were created or last updated: a shorthand for a
     * {@link ModifiedExpiryPolicy}.
     */
    public CachetteConfiguration<K, V> setExpirySeconds(long seconds) {
        positive("expirySeconds", seconds);
        setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, seconds)));
        return this;
    }

    /** How store-by-value copies keys and values; by default Java serialization. */
    public Factory<? extends Copier> getCopierFactory() {
        return copierFactory;
    }

    public CachetteConfiguration<K, V> setCopierFactory(Factory<? extends Copier> copierFactory) {
        this.copierFactory = java.util.Objects.requireNonNull(copierFactory, "copierFactory");
        return this;
    }

    /**
     * Sets a default for one of the backend's per-cache settings ({@code setting} as it follows
     * {@code cachette.cache.<name>.}, e.g. {@code near-cache.max-entries} on memcached), for a framework that knows
     * what suits its caches (the Hibernate region factory): the cache manager's own
     * {@code cachette.cache.<name>.<setting>} wins over it.
     */
    public CachetteConfiguration<K, V> setStoreDefault(String setting, String value) {
        storeDefaults.put(java.util.Objects.requireNonNull(setting, "setting"),
                java.util.Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The defaults set by {@link #setStoreDefault}, by setting. */
    public java.util.Map<String, String> getStoreDefaults() {
        return java.util.Collections.unmodifiableMap(storeDefaults);
    }

    /** The settings of this configuration, unset ones {@code null}. */
    public CacheSettings toCacheSettings() {
        return new CacheSettings(maxEntries, maxBytes, null);
    }

    private static Long positive(String name, Long value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive (1 to " + Long.MAX_VALUE + "), was " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CachetteConfiguration<?, ?> that) || !super.equals(other)) {
            return false;
        }
        return java.util.Objects.equals(maxEntries, that.maxEntries)
                && java.util.Objects.equals(maxBytes, that.maxBytes)
                && java.util.Objects.equals(copierFactory, that.copierFactory)
                && storeDefaults.equals(that.storeDefaults);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + java.util.Objects.hash(maxEntries, maxBytes);
    }
}
