package io.cachette.jcache.internal.event;

import io.cachette.jcache.internal.Closeables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * One registered listener: its configuration, the listener and filter it made, which event types it takes,
 * and — for an asynchronous listener — the serial executor that delivers its events in order.
 */
final class ListenerRegistration<K, V> {

    private static final System.Logger LOG = System.getLogger(ListenerRegistration.class.getName());

    final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;
    private final boolean oldValueRequired;
    private final boolean synchronous;
    private final SerialExecutor serial;
    private final boolean created;
    private final boolean updated;
    private final boolean removed;
    private final boolean expired;

    ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor asyncExecutor) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        this.filter = configuration.getCacheEntryEventFilterFactory() == null
                ? null : configuration.getCacheEntryEventFilterFactory().create();
        this.oldValueRequired = configuration.isOldValueRequired();
        this.synchronous = configuration.isSynchronous();
        this.serial = synchronous ? null : new SerialExecutor(asyncExecutor);
        this.created = listener instanceof CacheEntryCreatedListener;
        this.updated = listener instanceof CacheEntryUpdatedListener;
        this.removed = listener instanceof CacheEntryRemovedListener;
        this.expired = listener instanceof CacheEntryExpiredListener;
    }

    boolean accepts(EventType type) {
        return switch (type) {
            case CREATED -> created;
            case UPDATED -> updated;
            case REMOVED -> removed;
            case EXPIRED -> expired;
        };
    }

    boolean isSynchronous() {
        return synchronous;
    }

    /** Delivers the events of one operation: inline when synchronous, in order on the serial executor if not. */
    void deliver(List<CachetteEntryEvent<K, V>> events) {
        if (synchronous) {
            dispatch(events);
        } else {
            serial.execute(() -> {
                try {
                    dispatch(events);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING,
                            "Asynchronous cache entry listener " + listener + " failed", e);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(List<CachetteEntryEvent<K, V>> events) {
        List<CachetteEntryEvent<K, V>> batch = new ArrayList<>(events.size());
        EventType batchType = null;
        for (CachetteEntryEvent<K, V> event : events) {
            if (!accepts(event.getEventType())) {
                continue;
            }
            CachetteEntryEvent<K, V> delivered = oldValueRequired ? event : event.withoutOldValue();
            if (filter != null && !evaluate(delivered)) {
                continue;
            }
            if (batchType != null && batchType != event.getEventType()) {
                call(batchType, batch);
                batch = new ArrayList<>();
            }
            batchType = event.getEventType();
            batch.add(delivered);
        }
        if (!batch.isEmpty()) {
            call(batchType, batch);
        }
    }

    private boolean evaluate(CachetteEntryEvent<K, V> event) {
        try {
            return filter.evaluate(event);
        } catch (CacheEntryListenerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheEntryListenerException("Cache entry event filter " + filter + " failed", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void call(EventType type, List batch) {
        try {
            switch (type) {
                case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(batch);
                case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(batch);
                case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(batch);
                case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(batch);
                default -> throw new IllegalStateException("unknown event type " + type);
            }
        } catch (CacheEntryListenerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheEntryListenerException("Cache entry listener " + listener + " failed", e);
        }
    }

    void close() {
        Closeables.closeQuietly(listener, LOG);
        Closeables.closeQuietly(filter, LOG);
    }
}
