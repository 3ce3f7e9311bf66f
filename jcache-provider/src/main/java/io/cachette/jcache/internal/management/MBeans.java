package io.cachette.jcache.internal.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the spec's names:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}, and herd control's
 * bean, which the spec does not know, under {@code io.cachette:type=CacheHerd,CacheManager=<uri>,Cache=<name>}: in
 * a domain of its own, since the TCK's management tests count every bean in {@code javax.cache} (two caches with
 * statistics on must make two beans there).
 *
 * <p>The URI and name are made safe as the JCache TCK and the reference implementation do, each of
 * {@code , : = \n} replaced by {@code .} ({@code memcached://h1:11211,h2:11211} becomes
 * {@code memcached.//h1.11211.h2.11211}), not quoted: the TCK looks the beans up under exactly that name, and
 * Micrometer's {@code JCacheMetrics} finds them under it for every URI without a comma or {@code =}.
 */
final class MBeans {

    /** The kinds of cache MXBean, each with its object name domain. */
    enum Type {
        CacheConfiguration("javax.cache"), CacheStatistics("javax.cache"), CacheHerd("io.cachette");

        private final String domain;

        Type(String domain) {
            this.domain = domain;
        }
    }

    private MBeans() {
    }

    /** The object name of a cache MXBean: the spec's, or its like in Cachette's domain. */
    static ObjectName objectName(Type type, String cacheManagerUri, String cacheName) {
        try {
            return new ObjectName(type.domain + ":type=" + type + ",CacheManager=" + safe(cacheManagerUri)
                    + ",Cache=" + safe(cacheName));
        } catch (JMException e) {
            throw new CacheException("Invalid MBean name for cache " + cacheName, e);
        }
    }

    /** Registers {@code bean} under {@code name}, replacing nothing if it is already there. */
    static void register(Object bean, ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException e) {
            // registered concurrently: fine
        } catch (JMException e) {
            throw new CacheException("Cannot register MBean " + name, e);
        }
    }

    /** Unregisters {@code name} if it is registered. */
    static void unregister(ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException e) {
            // unregistered concurrently: fine
        } catch (JMException e) {
            throw new CacheException("Cannot unregister MBean " + name, e);
        }
    }

    /**
     * A name part with the characters that would break an object name as dots: the separators {@code : = ,},
     * line breaks, and the pattern and quoting characters {@code * ? " \} (a manager URI with a query, such as
     * {@code memcached://h:11211?near-cache.max-entries=1000}, would otherwise make the name a pattern, which
     * cannot be registered).
     */
    private static String safe(String part) {
        return part == null ? "" : part.replaceAll("[:=\n,*?\"\\\\]", ".");
    }
}
