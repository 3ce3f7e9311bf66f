package io.cachette.memcached.store.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical text of a store's keys ({@link KeyCodec#encode}), remembered for keys that are costly to encode
 * (any {@code Serializable} that is not a JDK value type: Java serialization, then base64) when the cache is
 * store-by-reference: its keys are the caller's own objects, which JCache forbids mutating, and Hibernate's cache
 * keys (immutable) are looked up on every second-level-cache hit, where serializing them cost more than the near
 * tier's whole lookup. Bounded: past {@value #MAX_REMEMBERED} keys it starts over.
 */
public final class KeyTexts {

    static final int MAX_REMEMBERED = 16_384;

    private final ConcurrentHashMap<Object, String> remembered;

    /** @param remember whether costly keys are remembered (a store-by-reference cache) */
    public KeyTexts(boolean remember) {
        this.remembered = remember ? new ConcurrentHashMap<>() : null;
    }

    /** The canonical text of {@code key}. */
    public String of(Object key) {
        if (remembered == null) {
            return KeyCodec.encode(key);
        }
        String text = KeyCodec.valueTypeText(key);
        if (text != null) {
            return text;
        }
        text = remembered.get(key);
        if (text == null) {
            text = KeyCodec.serializedText(key);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, text);
        }
        return text;
    }

    /** How many keys are remembered now. */
    int remembered() {
        return remembered == null ? 0 : remembered.size();
    }
}
