package io.cachette.testing;

import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads a cache's statistics the way an application does: through its {@link CacheStatisticsMXBean} in the
 * platform MBean server, registered while statistics are enabled.
 */
public final class StatisticsBeans {

    private StatisticsBeans() {
    }

    /** A proxy of the statistics MXBean of {@code cache}, under the spec's object name. */
    public static CacheStatisticsMXBean of(Cache<?, ?> cache) {
        try {
            ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                    + safe(cache.getCacheManager().getURI().toString()) + ",Cache=" + safe(cache.getName()));
            return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), name, CacheStatisticsMXBean.class);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** As the provider writes a name part: characters that would break an object name become dots. */
    private static String safe(String part) {
        return part.replaceAll("[:=\n,*?\"\\\\]", ".");
    }
}
