package io.cachette.memcached.store.internal;

import io.cachette.memcached.store.internal.Utf16;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The memcached keys of one cache: {@code <prefix>:<cache>:<generation>:<encoded key>}, the generation
 * counter {@code <prefix>:<cache>:gen} (generations are numbers, so it does not collide with an entry), and the
 * change feed of all caches under the prefix ({@code <prefix>:!feed} and {@code <prefix>:!feed:<position>}).
 *
 * <p>The cache segment is the cache name when it is at most {@value #MAX_CACHE_SEGMENT} characters among
 * letters, digits and {@code . _ - / $}; any other name becomes {@code #} + SHA-256 (base64url) of its UTF-8 bytes.
 * The key segment is the {@link io.cachette.memcached.store.internal.KeyCodec canonical text} of the key,
 * unless the whole memcached key would pass {@value #MAX_KEY_BYTES} bytes or the text holds whitespace or control
 * characters: then it is {@code #} + SHA-256 (base64url, 43 characters) of the text — never truncated. A digested
 * key keeps its text in the value's envelope, so iteration can still decode it and a read can check it.
 */
public final class KeyLayout {

    public static final int MAX_KEY_BYTES = 250;
    static final int MAX_CACHE_SEGMENT = 100;
    static final char DIGEST_MARK = '#';
    static final char REFRESH_MARK = '!';

    private final String cacheSegment;
    private final String cachePrefix;

    public KeyLayout(String keyPrefix, String cacheName) {
        this.cacheSegment = cacheName.length() <= MAX_CACHE_SEGMENT && isSafeSegment(cacheName)
                ? cacheName : DIGEST_MARK + digest(cacheName);
        this.cachePrefix = keyPrefix + ":" + cacheSegment + ":";
    }

    /** The key of the cache's generation counter. */
    public String generationKey() {
        return cachePrefix + "gen";
    }

    /** The cache's segment of its keys: its name, or a digest of it when the name is not safe in a key. */
    public String cacheSegment() {
        return cacheSegment;
    }

    /**
     * The key of the change-feed head of every cache under {@code keyPrefix}, a counter ({@code near.ChangeFeed});
     * its records are {@code <head>:<position>}. {@code !} is not allowed in a cache segment, so no cache's key
     * can be one of them.
     */
    public static String feedHeadKey(String keyPrefix) {
        return keyPrefix + ":!feed";
    }

    /** The common start of every key of {@code generation}: what iteration filters on. */
    public String namespace(long generation) {
        return cachePrefix + generation + ":";
    }

    /** The memcached key of an encoded key in {@code namespace}. */
    public static String key(String namespace, String encodedKey) {
        if (needsDigest(namespace, encodedKey)) {
            return namespace + DIGEST_MARK + digest(encodedKey);
        }
        return namespace + encodedKey;
    }

    /**
     * The key of the claim on refreshing the entry of key text {@code encodedKey} while its expired value is served
     * (stale-while-revalidate): beside the entry, never an entry itself (entry texts start with a type letter).
     */
    public static String refreshKey(String namespace, String encodedKey) {
        return key(namespace, REFRESH_MARK + encodedKey);
    }

    /** Whether the memcached key of {@code encodedKey} is its digest. */
    public static boolean needsDigest(String namespace, String encodedKey) {
        if (namespace.length() + encodedKey.length() > MAX_KEY_BYTES) {
            return true;
        }
        int bytes = namespace.length(); // the namespace is ASCII
        for (int i = 0; i < encodedKey.length(); i++) {
            char c = encodedKey.charAt(i);
            if (c < 0x80) {
                if (c <= ' ' || c == 0x7f) {
                    return true;
                }
                bytes++;
            } else if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isSurrogate(c)) {
                return true;
            } else {
                bytes += c < 0x800 ? 2 : 3;
            }
        }
        return bytes > MAX_KEY_BYTES;
    }

    /** Whether {@code text} may appear in a key as it is: letters, digits and {@code . _ - / $}. */
    public static boolean isSafeSegment(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '/' || c == '$';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * SHA-256 (base64url, unpadded) of the UTF-8 bytes of {@code text}; of its UTF-16BE bytes when it holds an
     * unpaired surrogate, which UTF-8 cannot carry (so distinct texts never share an input).
     */
    public static String digest(String text) {
        try {
            byte[] input = Utf16.wellFormed(text) ? text.getBytes(StandardCharsets.UTF_8) : Utf16.bytes(text);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
