package io.cachette.jcache.internal.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** The outcome of one entry processor in {@code invokeAll}: a value, or the exception it ended with. */
final class ProcessorResult<T> implements EntryProcessorResult<T> {

    private final T value;
    private final EntryProcessorException failure;

    private ProcessorResult(T value, EntryProcessorException failure) {
        this.value = value;
        this.failure = failure;
    }

    static <T> ProcessorResult<T> success(T value) {
        return new ProcessorResult<>(value, null);
    }

    static <T> ProcessorResult<T> failure(EntryProcessorException failure) {
        return new ProcessorResult<>(null, failure);
    }

    @Override
    public T get() throws EntryProcessorException {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
