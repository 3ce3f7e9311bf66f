/**
 * The JCache {@link io.cachette.store.Store} over a memcached cluster: a cache manager URI
 * {@code memcached://host1:11211,host2:11211} gives caches whose entries live in memcached, shared by
 * every JVM that uses the same servers, key prefix and cache names.
 *
 * <h2>Settings</h2>
 * The {@code cachette.memcached.*} keys, documented once, in README's table "cachette.memcached.* keys" (a test
 * checks that table against {@link io.cachette.memcached.store.MemcachedStoreFactory#settingKeys()}). They come
 * from the cache manager's properties file, its {@code Properties}, the system properties (highest precedence)
 * and the URI's query ({@code memcached://h1,h2?operation-timeout-ms=200}; lowest precedence, the
 * {@code cachette.memcached.} prefix may be left out there), all read through the one typed view,
 * {@link io.cachette.jcache.configuration.Settings}.
 *
 * <h2>Keys and values</h2>
 * Key layout {@code <prefix>:<cache>:<generation>:<encoded key>} ({@link io.cachette.memcached.store.internal.KeyLayout});
 * canonical key text per type ({@link io.cachette.memcached.store.internal.KeyCodec}); long keys or keys with whitespace
 * or control characters become a SHA-256 digest, never truncated. Values are
 * {@link io.cachette.memcached.store.internal.Envelope envelopes}: version, codec, expiry in epoch milliseconds, payload.
 * Every deserialization runs behind {@link io.cachette.memcached.store.internal.DeserializationFilter}; a rejected item is
 * counted, logged and read as a miss.
 *
 * <h2>Consistency</h2>
 * Single-key atomic operations ({@code putIfAbsent}, {@code replace}, {@code getAndPut}, {@code invoke} …) are
 * atomic across JVMs (CAS). {@code clear()} is immediate in its own JVM and seen by others within
 * {@code generation-refresh-ms}. Iteration and {@code removeAll()} work on a snapshot of the keys. Entry events
 * are those of this JVM's own operations; expiry events come from the reader that removes an expired entry.
 * Store-by-reference is not possible: caches on memcached always store by value.
 *
 * <h2>Near cache</h2>
 * With {@code near-cache.max-entries > 0} every cache keeps decoded entries in a bounded local tier in front of
 * memcached, kept coherent through a change feed per cache in memcached (a head counter and records naming the
 * keys changed, written before each change is made; see
 * {@link io.cachette.memcached.store.internal.near.NearTier}). Strict mode (default): {@code get},
 * {@code getAll} and every other JCache operation that reads read the feed head once per operation (concurrent
 * operations share one read) before they use a near entry, so a read never returns a value older than the last
 * change acknowledged before it began. Bounded mode: a poller reads the head every quarter of
 * {@code near-cache.max-staleness-ms}, and near entries are used only while the last successful poll is younger
 * than that bound. {@code cachette.cache.<name>.near-cache.*} sets them for one cache. Every cache manager that
 * writes a cache must have its near tier on (so that it writes the feed); counters:
 * {@link io.cachette.memcached.store.MemcachedStore#nearCacheCounters()}.
 */
package io.cachette.memcached.store;
