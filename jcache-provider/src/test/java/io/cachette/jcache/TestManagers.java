package io.cachette.jcache;

import io.cachette.store.Store;
import io.cachette.store.StoreBackend;
import io.cachette.store.StoreCapabilities;
import io.cachette.store.StoreContext;
import io.cachette.store.local.LocalStoreBackend;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds cache managers for tests with an injected clock: on the real local store, recording the
 * {@link StoreContext} each cache's store was built with, or on a backend the test controls.
 */
public final class TestManagers {

    private TestManagers() {
    }

    /** A manager on the local store with {@code clock}; {@code contexts} receives every store context. */
    public static CachetteCacheManager create(URI uri, Properties properties, Clock clock,
                                              List<StoreContext> contexts) {
        return create(uri, properties, clock, contexts, StoreCapabilities.LOCAL);
    }

    /** As {@link #create(URI, Properties, Clock, List)}, with a backend that reports {@code capabilities}. */
    public static CachetteCacheManager create(URI uri, Properties properties, Clock clock,
                                              List<StoreContext> contexts, StoreCapabilities capabilities) {
        return new CachetteCacheManager(new CachetteCachingProvider(), uri, TestManagers.class.getClassLoader(),
                properties, manager -> { }, clock, settings -> new RecordingBackend(contexts, capabilities));
    }

    /** A manager on {@code backend} with {@code clock} and no settings, for tests that control the store. */
    public static CachetteCacheManager create(URI uri, Clock clock, StoreBackend backend) {
        return new CachetteCacheManager(new CachetteCachingProvider(), uri, TestManagers.class.getClassLoader(),
                new Properties(), manager -> { }, clock, settings -> backend);
    }

    /** A manager on the local store with {@code clock} and no settings. */
    public static CachetteCacheManager create(Clock clock) {
        return create(URI.create("cachette:test"), new Properties(), clock, new CopyOnWriteArrayList<>());
    }

    /** The local backend, recording the contexts it is given. */
    private static final class RecordingBackend implements StoreBackend {
        private final LocalStoreBackend local = new LocalStoreBackend();
        private final List<StoreContext> contexts;
        private final StoreCapabilities capabilities;

        RecordingBackend(List<StoreContext> contexts, StoreCapabilities capabilities) {
            this.contexts = contexts;
            this.capabilities = capabilities;
        }

        @Override
        public StoreCapabilities capabilities() {
            return capabilities;
        }

        @Override
        public <K, V> Store<K, V> createStore(StoreContext context) {
            contexts.add(context);
            return local.createStore(context);
        }

        @Override
        public void close() {
            local.close();
        }
    }
}
