package io.cachette.jcache.internal.processor;

import io.cachette.jcache.internal.CacheContext;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.integration.ReadThrough;
import io.cachette.store.Store;
import io.cachette.store.StoreEntry;
import io.cachette.store.StoreMutation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * Runs entry processors ({@code invoke}, {@code invokeAll}) inside {@link Store#computeLoading} (a compute in
 * which, on a store other JVMs share, one caller at a time decides on an absent entry): the processor works on
 * an {@link InvokeEntry}, and its net effect becomes one mutation with the writer call it calls for, the expiry of
 * {@link ExpiryDecision}, statistics and the entry event. A processor's failure reaches the caller as an
 * {@link EntryProcessorException} and leaves the entry as it was.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EntryProcessorInvoker<K, V> {

    private final CacheContext<K, V> context;
    private final ReadThrough<K, V> readThrough;

    /** @param readThrough loads for a processor's {@code getValue()}; {@code null} when the cache is not read-through */
    public EntryProcessorInvoker(CacheContext<K, V> context, ReadThrough<K, V> readThrough) {
        this.context = context;
        this.readThrough = readThrough;
    }

    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
        K storedKey = context.byValue().copyIn(key);
        Invocation<T> invocation = new Invocation<>(key, processor, arguments);
        try {
            context.store().computeLoading(storedKey, invocation);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException(e);
        }
        context.statistics().recordInvoke(invocation.oldEntry() != null, invocation.isWritten(), invocation.isRemoved());
        invocation.publish();
        return invocation.result;
    }

    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object[] arguments) {
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T value = invoke(key, processor, arguments);
                if (value != null) {
                    results.put(key, ProcessorResult.success(value));
                }
            } catch (EntryProcessorException e) {
                results.put(key, ProcessorResult.failure(e));
            }
        }
        return results;
    }

    /** One run of a processor on one entry, and the mutation that applies what it did. */
    private final class Invocation<T> extends MutationOutcome<K, V> {

        private final EntryProcessor<K, V, T> processor;
        private final Object[] arguments;
        T result;

        Invocation(K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
            super(context.events(), key, null);
            this.processor = processor;
            this.arguments = arguments;
        }

        @Override
        protected StoreMutation<V> decide(StoreEntry<V> current) {
            InvokeEntry<K, V> entry = new InvokeEntry<>(key(), current, readThrough, context.byValue());
            result = processor.process(entry, arguments);
            setValue(entry.value);
            ExpiryDecision expiry = context.expiry();
            CacheWriterAdapter<K, V> writer = context.writer();
            switch (entry.op) {
                case NONE:
                    return StoreMutation.keep();
                case ACCESS:
                    return expiry.access(current);
                case CREATE:
                case LOAD:
                case UPDATE:
                    // a loaded value is not written through; created and updated ones are
                    if (entry.op != InvokeEntry.Op.LOAD && writer != null) {
                        writer.write(key(), entry.value);
                    }
                    return copiedIn(expiry.write(current, entry.value, this));
                case REMOVE:
                    if (writer != null) {
                        writer.delete(key());
                    }
                    markRemoved(current != null);
                    return current == null ? StoreMutation.keep() : StoreMutation.remove();
                default:
                    throw new IllegalStateException("unknown operation " + entry.op);
            }
        }

        /** {@code mutation} with the value it writes copied in: a processor's value is copied only if written. */
        private StoreMutation<V> copiedIn(StoreMutation<V> mutation) {
            if (mutation.kind() != StoreMutation.Kind.WRITE) {
                return mutation;
            }
            V stored = context.byValue().copyIn(mutation.value());
            return stored == mutation.value() ? mutation : StoreMutation.write(stored, mutation.expiresAtMillis());
        }
    }
}
