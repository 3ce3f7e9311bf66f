package io.cachette.jcache;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A cache writer that records its calls ({@code "write k=v"}, {@code "delete k"}) in {@link #CALLS}, for tests of
 * what a write-through cache tells its writer. Created by the cache through {@code FactoryBuilder.factoryOf}, so
 * the record is static: tests clear it after each run.
 */
public final class RecordingWriter implements CacheWriter<String, String> {

    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
        CALLS.add("write " + entry.getKey() + "=" + entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
        entries.forEach(this::write);
        entries.clear();
    }

    @Override
    public void delete(Object key) {
        CALLS.add("delete " + key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
        keys.forEach(this::delete);
        keys.clear();
    }
}
