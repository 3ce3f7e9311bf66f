package io.cachette.jcache.internal.management;

import io.cachette.jcache.configuration.CachetteConfiguration;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
import io.cachette.store.HerdCounters;

import java.util.function.Supplier;
import javax.management.ObjectName;

/**
 * The management side of one cache: turning statistics and management on and off (in its configuration, in
 * the {@link StatisticsRecorder}, and as registered MXBeans under the spec's names, the statistics bean with its
 * herd control companion, {@link CacheHerdBean}), and unregistering the beans when the cache closes. The
 * configuration is the lock, as for listener registration.
 */
public final class CacheManagement {

    private final CachetteConfiguration<?, ?> configuration;
    private final StatisticsRecorder statistics;
    private final CacheConfigurationBean configurationBean;
    private final CacheHerdBean herdBean;
    private final ObjectName configurationName;
    private final ObjectName statisticsName;
    private final ObjectName herdName;

    /** @param herd the cache's herd control counters, read when the herd bean's attributes are */
    public CacheManagement(String cacheManagerUri, String cacheName, CachetteConfiguration<?, ?> configuration,
                           StatisticsRecorder statistics, Supplier<HerdCounters> herd) {
        this.configuration = configuration;
        this.statistics = statistics;
        this.configurationName = MBeans.objectName(MBeans.Type.CacheConfiguration, cacheManagerUri, cacheName);
        this.statisticsName = MBeans.objectName(MBeans.Type.CacheStatistics, cacheManagerUri, cacheName);
        this.herdName = MBeans.objectName(MBeans.Type.CacheHerd, cacheManagerUri, cacheName);
        this.configurationBean = new CacheConfigurationBean(() -> configuration);
        this.herdBean = new CacheHerdBean(herd);
    }

    public void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
            statistics.setEnabled(enabled);
            if (enabled) {
                MBeans.register(statistics.mxBean(), statisticsName);
                MBeans.register(herdBean, herdName);
            } else {
                MBeans.unregister(statisticsName);
                MBeans.unregister(herdName);
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

    /** Unregisters the MXBeans, for a cache that closes. */
    public void close() {
        MBeans.unregister(configurationName);
        MBeans.unregister(statisticsName);
        MBeans.unregister(herdName);
    }
}
