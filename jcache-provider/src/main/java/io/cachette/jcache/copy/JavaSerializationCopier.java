package io.cachette.jcache.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;
import javax.cache.CacheException;

/**
 * The default {@link Copier}: Java serialization round trip. Immutable JDK types (strings, boxed primitives,
 * {@code BigInteger}/{@code BigDecimal}, {@code UUID}, enums, the {@code java.time} value types) pass through
 * uncopied, which keeps the common read path free of serialization.
 */
public final class JavaSerializationCopier implements Copier {

    private static final Set<Class<?>> IMMUTABLE = Set.of(
            String.class, Integer.class, Long.class, Short.class, Byte.class, Character.class, Boolean.class,
            Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Class.class,
            java.time.Instant.class, java.time.LocalDate.class, java.time.LocalTime.class,
            java.time.LocalDateTime.class, java.time.ZonedDateTime.class, java.time.OffsetDateTime.class,
            java.time.OffsetTime.class, java.time.Duration.class, java.time.Period.class, java.time.Year.class,
            java.time.YearMonth.class, java.time.MonthDay.class, java.time.ZoneOffset.class);

    private static final ClassValue<Boolean> PASS_THROUGH = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return IMMUTABLE.contains(type) || type.isEnum()
                    || (type.getSuperclass() != null && type.getSuperclass().isEnum())
                    || java.time.ZoneId.class.isAssignableFrom(type) && type.getName().startsWith("java.time.");
        }
    };

    /** Whether values of {@code type} are immutable JDK values that need no copy. */
    public static boolean isImmutable(Class<?> type) {
        return PASS_THROUGH.get(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T copy(T object, ClassLoader classLoader) {
        if (object instanceof String || object instanceof Integer || object instanceof Long
                || PASS_THROUGH.get(object.getClass())) {
            return object;
        }
        byte[] bytes = serialize(object);
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("Cannot copy a value of type " + object.getClass().getName()
                    + " for store-by-value: deserialization failed: " + e, e);
        }
    }

    private static byte[] serialize(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new CacheException("Cannot store a value of type " + object.getClass().getName()
                    + " by value: it is not serializable (" + e.getMessage() + " does not implement"
                    + " java.io.Serializable); use store-by-reference or a custom Copier", e);
        } catch (IOException e) {
            throw new CacheException("Cannot copy a value of type " + object.getClass().getName()
                    + " for store-by-value: serialization failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    /** Resolves classes through the cache manager's class loader first. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (classLoader != null) {
                try {
                    return Class.forName(desc.getName(), false, classLoader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution (primitives, JDK types)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
