package io.cachette.memcached.store.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Encodes cache keys as text, canonically: equal keys give equal text, in every JVM, so they meet on the same
 * memcached key; and the text decodes back to an equal key (for iteration).
 *
 * <p>The text is a one-letter type tag and the value:
 * <pre>
 *   String      s&lt;text&gt;                     Integer  i&lt;decimal&gt;     Long   l&lt;decimal&gt;
 *   Short       h&lt;decimal&gt;                  Byte     b&lt;decimal&gt;     Boolean t / f
 *   Character   c&lt;char&gt;                     Float    f&lt;Float.toString&gt;  Double d&lt;Double.toString&gt;
 *   BigInteger  I&lt;decimal&gt;                  BigDecimal D&lt;toString, scale kept&gt;
 *   UUID        u&lt;canonical 8-4-4-4-12&gt;      enum     e&lt;class name&gt;#&lt;constant name&gt;
 *   other Serializable  j&lt;base64url of its Java serialization&gt;
 * </pre>
 * Canonical across JVMs (and across applications in any language that follow the table): every type above
 * except the last. A {@code Serializable} key of another type is canonical only when equal instances serialize
 * to identical bytes and every JVM has the same version of its class: true for records and simple value classes
 * of primitives and strings, false for types that serialize hash-ordered collections or caches, whose equal
 * instances may then land on different memcached keys (a miss, never a wrong value). Booleans are {@code t}/{@code f}
 * and need no tag letter of their own. Decoding runs serialized keys through the store's deserialization filter.
 */
public final class KeyCodec {

    private final ValueCodec values;
    private final Predicate<Class<?>> admits;
    private final ClassLoader classLoader;

    public KeyCodec(ValueCodec values, Predicate<Class<?>> admits, ClassLoader classLoader) {
        this.values = values;
        this.admits = admits;
        this.classLoader = classLoader;
    }

    /** The canonical text of {@code key}. */
    public static String encode(Object key) {
        String text = valueTypeText(key);
        return text != null ? text : serializedText(key);
    }

    /**
     * The tag letter of each value type whose text is the tag and the value's {@code toString()}, by exact class:
     * the table above but for booleans and enums.
     */
    private static final Map<Class<?>, String> TAGS = Map.ofEntries(
            Map.entry(String.class, "s"), Map.entry(Integer.class, "i"), Map.entry(Long.class, "l"),
            Map.entry(UUID.class, "u"), Map.entry(Short.class, "h"), Map.entry(Byte.class, "b"),
            Map.entry(Character.class, "c"), Map.entry(Float.class, "f"), Map.entry(Double.class, "d"),
            Map.entry(BigInteger.class, "I"), Map.entry(BigDecimal.class, "D"));

    /** The text of a key of one of the table's JDK value types, or {@code null} for a key to serialize. */
    static String valueTypeText(Object key) {
        String tag = key == null ? null : TAGS.get(key.getClass());
        if (tag != null) {
            return tag + key;
        }
        if (key instanceof Boolean z) {
            return z ? "t" : "f";
        }
        if (key instanceof Enum<?> e) {
            return "e" + e.getDeclaringClass().getName() + "#" + e.name();
        }
        // the two number types that are not final: a subclass keeps its superclass's tag
        if (key instanceof BigInteger n) {
            return "I" + n;
        }
        return key instanceof BigDecimal n ? "D" + n : null;
    }

    /** The text of any other {@code Serializable} key: its Java serialization, base64url. */
    static String serializedText(Object key) {
        return "j" + Base64.getUrlEncoder().withoutPadding().encodeToString(ValueCodec.serialize(key));
    }

    /**
     * The key whose canonical text is {@code text}.
     *
     * @throws RejectedPayloadException when the text is malformed or names a class that is not allowed
     */
    public Object decode(String text) {
        if (text.isEmpty()) {
            throw new RejectedPayloadException("empty encoded key");
        }
        String v = text.substring(1);
        try {
            return switch (text.charAt(0)) {
                case 's' -> v;
                case 'i' -> Integer.valueOf(v);
                case 'l' -> Long.valueOf(v);
                case 'u' -> UUID.fromString(v);
                case 'e' -> decodeEnum(v);
                case 'h' -> Short.valueOf(v);
                case 'b' -> Byte.valueOf(v);
                case 't' -> requireEmpty(v, Boolean.TRUE);
                case 'f' -> v.isEmpty() ? Boolean.FALSE : Float.valueOf(v);
                case 'c' -> {
                    if (v.length() != 1) {
                        throw new RejectedPayloadException("bad Character key: " + text);
                    }
                    yield v.charAt(0);
                }
                case 'd' -> Double.valueOf(v);
                case 'I' -> new BigInteger(v);
                case 'D' -> new BigDecimal(v);
                case 'j' -> {
                    byte[] bytes = Base64.getUrlDecoder().decode(v);
                    yield values.read(ValueCodec.JAVA, bytes, 0, bytes.length);
                }
                default -> throw new RejectedPayloadException("unknown key type tag in " + abbreviate(text));
            };
        } catch (IllegalArgumentException e) {
            throw new RejectedPayloadException("malformed encoded key " + abbreviate(text) + ": " + e.getMessage(), e);
        }
    }

    private static Object requireEmpty(String rest, Object value) {
        if (!rest.isEmpty()) {
            throw new RejectedPayloadException("bad Boolean key: t" + rest);
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object decodeEnum(String text) {
        int hash = text.lastIndexOf('#');
        if (hash <= 0) {
            throw new RejectedPayloadException("bad enum key: e" + text);
        }
        String className = text.substring(0, hash);
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RejectedPayloadException("enum key class " + className + " is not visible to the cache's "
                    + "class loader", e);
        }
        if (!type.isEnum() || !admits.test(type)) {
            throw new RejectedPayloadException("enum key class " + className + " is not an allowed enum");
        }
        return Enum.valueOf((Class) type, text.substring(hash + 1));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "…'";
    }
}
