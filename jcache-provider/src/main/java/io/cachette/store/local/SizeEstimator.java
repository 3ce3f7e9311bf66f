package io.cachette.store.local;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Estimates the heap bytes an entry of the local store holds, for the byte bound. The estimate assumes a
 * 64-bit JVM with compressed references (12-byte object headers, 4-byte references, 8-byte alignment):
 * <ul>
 *   <li>entry overhead: {@value #ENTRY_OVERHEAD} bytes (the store's node with its list links, and the hash
 *       map's node and table slot);</li>
 *   <li>{@code String}: 24 bytes plus its backing array, at one byte per character when every character is
 *       Latin-1 (compact strings) and two otherwise; other {@code CharSequence}s: 16 plus two bytes per char;</li>
 *   <li>arrays of primitives: 16 bytes plus their elements; {@code Object[]}: 16 plus 4 per slot plus each
 *       element's estimate;</li>
 *   <li>boxed primitives: 16 bytes ({@code Long} and {@code Double} 24); {@code Boolean} and small cached
 *       boxes are counted too, as if not shared;</li>
 *   <li>{@code Collection} and {@code Map}: 48 bytes plus 32 per element (its internal node) plus the
 *       elements' estimates; only the first {@value #SAMPLE} elements are measured and the rest extrapolated
 *       from their average, and nesting stops at depth {@value #MAX_DEPTH};</li>
 *   <li>any other object: {@value #OTHER_OBJECT} bytes, a flat guess for a small object graph (the store
 *       sees values already copied, and measuring arbitrary graphs would cost more than the entry); also
 *       the result for a collection that fails or changes while it is measured.</li>
 * </ul>
 * An estimate is never below 0; an entry's estimate is capped at {@value #MAX_ENTRY_WEIGHT} bytes (1 TiB), so
 * that the store's sum of weights cannot overflow.
 */
final class SizeEstimator {

    static final long ENTRY_OVERHEAD = 96;
    static final long OTHER_OBJECT = 64;
    static final int SAMPLE = 16;
    static final int MAX_DEPTH = 3;
    static final long MAX_ENTRY_WEIGHT = 1L << 40;

    /** The bytes of one element of an array of each primitive type. */
    private static final Map<Class<?>, Integer> PRIMITIVE_BYTES = Map.of(
            byte.class, 1, boolean.class, 1, char.class, 2, short.class, 2,
            int.class, 4, float.class, 4, long.class, 8, double.class, 8);

    private SizeEstimator() {
    }

    /** Estimated bytes of an entry holding {@code key} and {@code value}. */
    static long entry(Object key, Object value) {
        return Math.min(MAX_ENTRY_WEIGHT, saturatedAdd(ENTRY_OVERHEAD, saturatedAdd(of(key), of(value))));
    }

    /** Estimated bytes of {@code o} and what it holds. */
    static long of(Object o) {
        try {
            return of(o, 0);
        } catch (RuntimeException e) {
            // a collection changed (or failed) while being measured: fall back to the flat guess
            return OTHER_OBJECT;
        }
    }

    private static long of(Object o, int depth) {
        if (o == null) {
            return 0;
        }
        if (o instanceof String s) {
            return 24 + align(16 + (long) s.length() * (isLatin1(s) ? 1 : 2));
        }
        if (o instanceof Integer || o instanceof Float || o instanceof Short || o instanceof Character
                || o instanceof Byte || o instanceof Boolean) {
            return 16;
        }
        if (o instanceof Long || o instanceof Double) {
            return 24;
        }
        Class<?> elementType = o.getClass().getComponentType();
        Integer elementBytes = elementType == null ? null : PRIMITIVE_BYTES.get(elementType);
        if (elementBytes != null) {
            return align(16 + (long) elementBytes * Array.getLength(o));
        }
        if (o instanceof CharSequence cs) {
            return 16 + align(16 + 2L * cs.length());
        }
        if (depth >= MAX_DEPTH) {
            return OTHER_OBJECT;
        }
        if (o instanceof Object[] a) {
            return saturatedAdd(align(16 + 4L * a.length), sampled(java.util.Arrays.asList(a).iterator(),
                    a.length, depth + 1));
        }
        if (o instanceof Collection<?> c) {
            int n = c.size();
            return saturatedAdd(48 + 32L * n, sampled(c.iterator(), n, depth + 1));
        }
        if (o instanceof Map<?, ?> m) {
            int n = m.size();
            long sample = 0;
            int seen = 0;
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (seen < SAMPLE && it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sample = saturatedAdd(sample, saturatedAdd(of(e.getKey(), depth + 1), of(e.getValue(), depth + 1)));
                seen++;
            }
            return saturatedAdd(48 + 32L * n, extrapolate(sample, seen, n));
        }
        return OTHER_OBJECT;
    }

    private static long sampled(Iterator<?> it, int total, int depth) {
        long sample = 0;
        int seen = 0;
        while (seen < SAMPLE && it.hasNext()) {
            sample = saturatedAdd(sample, of(it.next(), depth));
            seen++;
        }
        return extrapolate(sample, seen, total);
    }

    private static long extrapolate(long sample, int seen, int total) {
        if (seen == 0 || total <= seen) {
            return sample;
        }
        long average = sample / seen;
        return average > Long.MAX_VALUE / total ? Long.MAX_VALUE : average * total;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
