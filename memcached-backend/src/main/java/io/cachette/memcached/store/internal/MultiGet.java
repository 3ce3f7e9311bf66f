package io.cachette.memcached.store.internal;

import io.cachette.memcached.BlockingMemcachedClient;
import io.cachette.memcached.Item;
import io.cachette.memcached.MemcachedClient;
import io.cachette.memcached.MemcachedException;
import io.cachette.memcached.ServerAddress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The items of many keys, read by {@code getAll} and by the key scan alike: one multi-get per server, all sent
 * before any is awaited, each failing on its own (its keys read as misses, counted as failed reads).
 */
public final class MultiGet {

    private MultiGet() {
    }

    /** The items found among {@code memcachedKeys}; a failed server's keys are absent. */
    public static Map<String, Item> read(MemcachedClient client, Collection<String> memcachedKeys,
                                         FailureCounters failures) {
        Map<ServerAddress, List<String>> byServer = new LinkedHashMap<>();
        for (String memcachedKey : memcachedKeys) {
            byServer.computeIfAbsent(client.serverFor(memcachedKey), s -> new ArrayList<>()).add(memcachedKey);
        }
        Map<List<String>, CompletableFuture<Map<String, Item>>> pending = new LinkedHashMap<>();
        for (List<String> group : byServer.values()) {
            pending.put(group, client.getMulti(group));
        }
        Map<String, Item> items = new HashMap<>();
        for (Map.Entry<List<String>, CompletableFuture<Map<String, Item>>> part : pending.entrySet()) {
            try {
                items.putAll(BlockingMemcachedClient.join(part.getValue()));
            } catch (MemcachedException e) {
                failures.failedReads(part.getKey().size(), "multi-get", part.getKey().get(0), e);
            }
        }
        return items;
    }
}
