package io.cachette.memcached.store.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.charset.StandardCharsets;
import javax.cache.CacheException;

import io.cachette.store.ValueResolver;

/**
 * Turns keys and values into bytes and back: strings as UTF-8 ({@link #UTF8}; a string with an unpaired
 * surrogate, which UTF-8 cannot carry, goes by Java serialization), everything else by Java
 * serialization ({@link #JAVA}) read behind the store's deserialization filter and resolved through the cache's
 * class loader; the objects of a value read pass through the {@link ValueResolver} of the store, if it has one.
 */
public final class ValueCodec {

    /** Java serialization (the payload is an object stream). */
    public static final byte JAVA = 0;
    /** A {@code String} as UTF-8 bytes, readable by any memcached client. */
    public static final byte UTF8 = 1;

    private final ObjectInputFilter filter;
    private final ClassLoader classLoader;
    private volatile ValueResolver resolver;

    public ValueCodec(ObjectInputFilter filter, ClassLoader classLoader) {
        this.filter = filter;
        this.classLoader = classLoader;
    }

    /** Values read from now on pass their objects through {@code resolver} ({@code null}: none). */
    public void resolveWith(ValueResolver resolver) {
        this.resolver = resolver;
    }

    /** The codec that {@link #write} uses for {@code value}. */
    static byte codecOf(Object value) {
        return value instanceof String text && Utf16.wellFormed(text) ? UTF8 : JAVA;
    }

    /** {@code value}'s bytes in {@code codec}, which is {@link #codecOf}{@code (value)}. */
    static byte[] payload(Object value, byte codec) {
        if (codec == UTF8) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        try {
            return javaSerialized(value);
        } catch (NotSerializableException e) {
            throw new CacheException("A value of type " + value.getClass().getName() + " cannot be stored in "
                    + "memcached: " + e.getMessage() + " does not implement java.io.Serializable", e);
        } catch (IOException e) {
            throw new CacheException("A value of type " + value.getClass().getName()
                    + " cannot be serialized for memcached: " + e, e);
        }
    }

    /** Java serialization of {@code value} alone. */
    static byte[] serialize(Object value) {
        try {
            return javaSerialized(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("A key of type " + value.getClass().getName() + " cannot be used "
                    + "with memcached: " + e.getMessage() + " does not implement java.io.Serializable "
                    + "(use a String, a boxed number, a UUID, an enum or a Serializable type)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("A key of type " + value.getClass().getName()
                    + " cannot be serialized: " + e, e);
        }
    }

    /** The one Java serialization of values and keys; the callers say what a failure means for them. */
    private static byte[] javaSerialized(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(value);
        }
        return out.toByteArray();
    }

    /**
     * Reads a payload.
     *
     * @throws RejectedPayloadException when the codec is unknown, a class is not allowed, or the bytes are corrupt
     */
    public Object read(byte codec, byte[] bytes, int offset, int length) {
        if (codec == UTF8) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        if (codec != JAVA) {
            throw new RejectedPayloadException("unknown value codec " + codec);
        }
        try (ObjectInputStream in = new FilteredObjectInputStream(
                new ByteArrayInputStream(bytes, offset, length), classLoader, filter, resolver)) {
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new RejectedPayloadException("deserialization rejected: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new RejectedPayloadException("cannot deserialize: " + e, e);
        }
    }

    /** Resolves classes through the cache's class loader, behind the filter, and objects through the resolver. */
    private static final class FilteredObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;
        private final ValueResolver resolver;

        FilteredObjectInputStream(InputStream in, ClassLoader classLoader, ObjectInputFilter filter,
                ValueResolver resolver) throws IOException {
            super(in);
            this.classLoader = classLoader;
            this.resolver = resolver;
            setObjectInputFilter(filter);
            if (resolver != null) {
                enableResolveObject(true);
            }
        }

        @Override
        protected Object resolveObject(Object object) {
            return resolver.resolve(object);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(descriptor.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(descriptor);
            }
        }
    }
}
