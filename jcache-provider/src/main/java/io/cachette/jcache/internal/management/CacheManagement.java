package io.cachette.jcache.internal.management;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;

import javax.management.ObjectName;

/**
 * The management side of one cache: turning statistics and management on and off (in its configuration, in
 * the {@link StatisticsRecorder}, and as registered MXBeans under the spec's names), and unregistering both
 * beans when the cache closes. The configuration is the lock, as for listener registration.
 */
public final class CacheManagement {

    private final CachetteConfiguration<?, ?> configuration;
    private final StatisticsRecorder statistics;
    private final CacheConfigurationBean configurationBean;
    private final ObjectName configurationName;
    private final ObjectName statisticsName;

    public CacheManagement(String cacheManagerUri, String cacheName, CachetteConfiguration<?, ?> configuration,
                           StatisticsRecorder statistics) {
        this.configuration = configuration;
        this.statistics = statistics;
        this.configurationName = MBeans.objectName(MBeans.Type.CacheConfiguration, cacheManagerUri, cacheName);
        this.statisticsName = MBeans.objectName(MBeans.Type.CacheStatistics, cacheManagerUri, cacheName);
        this.configurationBean = new CacheConfigurationBean(() -> configuration);
    }

    public void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
            statistics.setEnabled(enabled);
            if (enabled) {
                MBeans.register(statistics.mxBean(), statisticsName);
            } else {
                MBeans.unregister(statisticsName);
            }
        }
    }

    public void setManagementEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setManagementEnabled(enabled);
            if (enabled) {
                MBeans.register(configurationBean, configurationName);
            } else {
                MBeans.unregister(configurationName);
            }
        }
    }

    /** Unregisters both MXBeans, for a cache that closes. */
    public void close() {
        MBeans.unregister(configurationName);
        MBeans.unregister(statisticsName);
    }
}
