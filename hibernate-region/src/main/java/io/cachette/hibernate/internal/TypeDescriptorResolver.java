package io.cachette.hibernate.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;

import org.hibernate.type.BasicType;
import org.hibernate.type.BasicTypeRegistry;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.spi.TypeConfiguration;

import io.cachette.store.ValueResolver;

/**
 * Maps Hibernate's type descriptors in a value read from a store that serializes values (memcached) to the live
 * instances of one SessionFactory's {@link TypeConfiguration}; every other object passes unchanged.
 *
 * <p>Why: a cached native-query result keeps the {@link BasicType} of each column, and Hibernate accepts it on a
 * later execution only if each column's {@link JavaType} is the very instance its own mapping of the query uses
 * (it compares them by identity). After Java serialization they are new objects, so the cached result was never
 * used: the query ran again each time. Resolved here, a cached native query hits on memcached as on the local
 * store.
 *
 * <p>What is mapped, each only to a live descriptor that is the same descriptor, never to a merely similar one:
 * <ul>
 *   <li>a {@link JavaType} to the one the {@code JavaTypeRegistry} holds for its Java type, if it is of the same
 *       class (the registry keys descriptors by Java type);</li>
 *   <li>a {@link JdbcType} to the one the {@code JdbcTypeRegistry} holds for its type code, if it is of the same
 *       class and that class has no instance state (parameterized ones, such as arrays of an element type, are
 *       left as they were read);</li>
 *   <li>a {@link BasicType} whose two descriptors are now live to the one the {@link BasicTypeRegistry} resolves
 *       for them, if it is of the same class (the registry registers that pair as Hibernate itself would on first
 *       use).</li>
 * </ul>
 * A descriptor left as read still works as before; only Hibernate's identity check may fail on it.
 */
final class TypeDescriptorResolver implements ValueResolver {

    /** Whether instances of a class carry no state, so that any one of them can stand for another. */
    private static final ClassValue<Boolean> STATELESS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        return false;
                    }
                }
            }
            return true;
        }
    };

    private final TypeConfiguration types;

    TypeDescriptorResolver(TypeConfiguration types) {
        this.types = Objects.requireNonNull(types, "types");
    }

    /** The live descriptor, or {@code deserialized} itself; never fails the read of the value. */
    @Override
    public Object resolve(Object deserialized) {
        try {
            if (deserialized instanceof BasicType<?> basicType) {
                return live(basicType);
            }
            if (deserialized instanceof JavaType<?> javaType) {
                return live(javaType);
            }
            if (deserialized instanceof JdbcType jdbcType) {
                return live(jdbcType);
            }
        } catch (RuntimeException e) {
            // a descriptor Hibernate cannot look up: it stays as read, which only costs the identity check
        }
        return deserialized;
    }

    private JavaType<?> live(JavaType<?> javaType) {
        if (javaType.getJavaType() == null) {
            return javaType;
        }
        JavaType<?> live = types.getJavaTypeRegistry().findDescriptor(javaType.getJavaType());
        return live != null && live.getClass() == javaType.getClass() ? live : javaType;
    }

    private JdbcType live(JdbcType jdbcType) {
        JdbcType live = types.getJdbcTypeRegistry().findDescriptor(jdbcType.getDefaultSqlTypeCode());
        return live != null && live.getClass() == jdbcType.getClass() && STATELESS.get(live.getClass())
                ? live : jdbcType;
    }

    private BasicType<?> live(BasicType<?> basicType) {
        JavaType<?> javaType = basicType.getJavaTypeDescriptor();
        JdbcType jdbcType = basicType.getJdbcType();
        if (javaType == null || jdbcType == null || live(javaType) != javaType || live(jdbcType) != jdbcType) {
            return basicType; // a descriptor of it is not a live one: never register a pair of copies
        }
        BasicType<?> live = types.getBasicTypeRegistry().resolve(javaType, jdbcType);
        return live != null && live.getClass() == basicType.getClass() ? live : basicType;
    }
}
