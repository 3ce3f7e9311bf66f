package io.cachette.jcache.internal.processor;

import io.cachette.jcache.internal.ByValue;
import io.cachette.jcache.internal.event.CacheEvents;
import io.cachette.jcache.internal.event.MutationOutcome;
import io.cachette.jcache.internal.expiry.ExpiryDecision;
import io.cachette.jcache.internal.integration.CacheWriterAdapter;
import io.cachette.jcache.internal.integration.ReadThrough;
import io.cachette.jcache.internal.statistics.StatisticsRecorder;
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
 * Runs entry processors ({@code invoke}, {@code invokeAll}) inside {@link Store#compute}: the processor works on
 * an {@link InvokeEntry}, and its net effect becomes one mutation with the writer call it calls for, the expiry of
 * {@link ExpiryDecision}, statistics and the entry event. A processor's failure reaches the caller as an
 * {@link EntryProcessorException} and leaves the entry as it was.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EntryProcessorInvoker<K, V> {

    private final Store<K, V> store;
    private final ExpiryDecision expiry;
    private final ByValue byValue;
    private final StatisticsRecorder statistics;
    private final CacheEvents<K, V> events;
    private final CacheWriterAdapter<K, V> writer;
    private final ReadThrough<K, V> readThrough;

    /**
     * @param writer      the cache's writer, {@code null} without write-through
     * @param readThrough loads for a processor's {@code getValue()}; {@code null} when the cache is not read-through
     */
    public EntryProcessorInvoker(Store<K, V> store, ExpiryDecision expiry, ByValue byValue,
                                 StatisticsRecorder statistics, CacheEvents<K, V> events,
                                 CacheWriterAdapter<K, V> writer, ReadThrough<K, V> readThrough) {
        this.store = store;
        this.expiry = expiry;
        this.byValue = byValue;
        this.statistics = statistics;
        this.events = events;
        this.writer = writer;
        this.readThrough = readThrough;
    }

    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object[] arguments) {
        K storedKey = byValue.copyIn(key);
        Invocation<T> invocation = new Invocation<>(key, processor, arguments);
        try {
            store.compute(storedKey, invocation);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException(e);
        }
        statistics.recordInvoke(invocation.oldEntry() != null, invocation.isWritten(), invocation.isRemoved());
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
            super(events, key, null);
            this.processor = processor;
            this.arguments = arguments;
        }

        @Override
        protected StoreMutation<V> decide(StoreEntry<V> current) {
            InvokeEntry<K, V> entry = new InvokeEntry<>(key(), current, readThrough, byValue);
            result = processor.process(entry, arguments);
            setValue(entry.value);
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
                    return expiry.write(current, entry.value, byValue, this);
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
    }
}
