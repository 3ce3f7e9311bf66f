package io.cachette.memcached.store.internal;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The allow-list every Java deserialization of a memcached key or value runs behind: memcached may be shared,
 * so its bytes are untrusted input.
 *
 * <p>Decision per class, first match wins:
 * <ol>
 *   <li>rejected: the configured deny patterns and the well-known gadget packages ({@link #GADGETS});</li>
 *   <li>admitted: the JDK value types ({@link #JDK_VALUES}: {@code java.lang.*}, {@code java.util.*},
 *       {@code java.util.concurrent.*}, {@code java.math.*}, {@code java.time.**}, {@code java.net.URI},
 *       {@code java.sql} date types) and the configured allow patterns;</li>
 *   <li>rejected: any other JDK class (loaded by the boot or platform loader: {@code javax.management},
 *       {@code java.rmi}, {@code sun.*}, {@code com.sun.*}, {@code java.net.URL} …);</li>
 *   <li>admitted when {@code allow-application-classes} is on (default): a class visible to the cache's class
 *       loader, i.e. the application's own classes;</li>
 *   <li>rejected otherwise.</li>
 * </ol>
 * Arrays are judged by their component type; graphs deeper than {@value #MAX_DEPTH}, with more than
 * {@value #MAX_REFERENCES} references or arrays longer than the item size limit are rejected.
 */
public final class DeserializationFilter implements ObjectInputFilter {

    /** Packages of published deserialization gadget chains (ysoserial and friends). */
    static final List<String> GADGETS = List.of(
            "org.apache.commons.collections.functors.**",
            "org.apache.commons.collections4.functors.**",
            "org.apache.commons.beanutils.**",
            "org.apache.commons.fileupload.**",
            "org.codehaus.groovy.runtime.**",
            "org.springframework.beans.factory.**",
            "org.springframework.aop.**",
            "org.springframework.core.SerializableTypeWrapper*",
            "org.springframework.transaction.jta.**",
            "com.sun.org.apache.xalan.**",
            "org.apache.xalan.**",
            "com.sun.rowset.**",
            "com.mchange.v2.c3p0.**",
            "org.python.core.**",
            "org.mozilla.javascript.**",
            "bsh.**",
            "clojure.**",
            "org.jboss.weld.interceptor.**",
            "org.hibernate.tuple.**",
            "org.hibernate.property.**",
            "com.sun.syndication.**",
            "com.rometools.**",
            "org.apache.myfaces.**",
            "org.apache.wicket.util.upload.**",
            "net.sf.json.**",
            "javassist.**",
            "java.rmi.**",
            "javax.management.**",
            "java.lang.reflect.**",
            "java.lang.invoke.**");

    /** The JDK types admitted as values and keys. */
    static final List<String> JDK_VALUES = List.of(
            "java.lang.*",
            "java.util.*",
            "java.util.concurrent.*",
            "java.util.concurrent.atomic.*",
            "java.math.*",
            "java.time.**",
            "java.net.URI",
            "java.sql.Date",
            "java.sql.Time",
            "java.sql.Timestamp");

    static final long MAX_DEPTH = 100;
    static final long MAX_REFERENCES = 1_000_000;

    private final ClassPatterns deny;
    private final ClassPatterns allow;
    private final boolean allowApplicationClasses;
    private final ClassLoader classLoader;
    private final long maxArrayLength;

    public DeserializationFilter(List<String> extraAllow, List<String> extraDeny, boolean allowApplicationClasses,
                          ClassLoader classLoader, long maxArrayLength) {
        List<String> denied = new ArrayList<>(extraDeny);
        denied.addAll(GADGETS);
        List<String> allowed = new ArrayList<>(JDK_VALUES);
        allowed.addAll(extraAllow);
        this.deny = new ClassPatterns(denied);
        this.allow = new ClassPatterns(allowed);
        this.allowApplicationClasses = allowApplicationClasses;
        this.classLoader = classLoader;
        this.maxArrayLength = maxArrayLength;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.arrayLength() > maxArrayLength) {
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        return admits(type) ? Status.ALLOWED : Status.REJECTED;
    }

    /** Whether objects of {@code type} may be deserialized. */
    public boolean admits(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return true;
        }
        String name = type.getName();
        if (deny.matches(name)) {
            return false;
        }
        if (allow.matches(name)) {
            return true;
        }
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        return allowApplicationClasses && visible(type);
    }

    /** Whether {@code type} is the class that the cache's class loader finds under its name. */
    private boolean visible(Class<?> type) {
        try {
            return Class.forName(type.getName(), false, classLoader) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
