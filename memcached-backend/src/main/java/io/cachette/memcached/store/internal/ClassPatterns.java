package io.cachette.memcached.store.internal;

import java.util.List;

/**
 * Class-name patterns in the syntax of {@code jdk.serialFilter}: {@code a.b.Type} matches one class,
 * {@code a.b.*} the classes of one package, {@code a.b.**} a package with its subpackages, {@code a.b.Pre*}
 * names starting with a prefix.
 */
public final class ClassPatterns {

    private final List<String> patterns;

    ClassPatterns(List<String> patterns) {
        for (String pattern : patterns) {
            if (!isValid(pattern)) {
                throw new IllegalArgumentException("not a class name pattern: '" + pattern + "'");
            }
        }
        this.patterns = List.copyOf(patterns);
    }

    public static boolean isValid(String pattern) {
        if (pattern.isEmpty() || pattern.startsWith(".")) {
            return false;
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && !(pattern.endsWith("*") && (star == pattern.length() - 1
                || (pattern.endsWith(".**") && star == pattern.length() - 2)))) {
            return false;
        }
        return pattern.chars().allMatch(c -> c == '.' || c == '*' || c == '$' || Character.isJavaIdentifierPart(c));
    }

    /** Whether {@code className} matches one of the patterns. */
    boolean matches(String className) {
        for (String pattern : patterns) {
            if (matches(pattern, className)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String className) {
        if (pattern.endsWith(".**")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 2));
        }
        if (pattern.endsWith(".*")) {
            String pkg = pattern.substring(0, pattern.length() - 1);
            return className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0;
        }
        if (pattern.endsWith("*")) {
            return className.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return className.equals(pattern);
    }
}
