/**
 * The JCache {@link io.cachette.store.Store} over a memcached cluster: a cache manager URI
 * {@code memcached://host1:11211,host2:11211} gives caches whose entries live in memcached, shared by
 * every JVM that uses the same servers, key prefix and cache names.
 *
 * <h2>Settings</h2>
 * The same keys in the cache manager's properties file, its {@code Properties}, the system properties
 * (highest precedence) and the URI's query ({@code memcached://h1,h2?operation-timeout-ms=200}; lowest
 * precedence, the {@code cachette.memcached.} prefix may be left out there). Invalid values fail with an
 * {@link java.lang.IllegalArgumentException} naming the key and what is allowed.
 * <table>
 *   <caption>cachette.memcached.* settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>servers</td><td>the URI's host list</td><td>{@code host:port[,host:port…]}, IPv6 in brackets (in a URI host list quoted as
 *       {@code %5B::1%5D:11212}); for a
 *       {@code classpath:}/{@code file:} URI with {@code cachette.backend=memcached}</td></tr>
 *   <tr><td>operation-timeout-ms</td><td>500</td><td>reply timeout of one operation</td></tr>
 *   <tr><td>connect-timeout-ms</td><td>1000</td><td>TCP connect timeout</td></tr>
 *   <tr><td>connections-per-server</td><td>1</td><td>pipelined connections per server (1..64)</td></tr>
 *   <tr><td>failure-threshold</td><td>3</td><td>consecutive failures that mark a server down</td></tr>
 *   <tr><td>failure-policy</td><td>fail-fast</td><td>{@code fail-fast}: keys of a down server are misses and
 *       their writes are dropped; {@code failover}: they move to the next server of the ring</td></tr>
 *   <tr><td>readmission</td><td>flush</td><td>{@code flush}: a server that comes back is flushed before its keys
 *       are served again, and under {@code failover} the copies its keys left on other servers are swept
 *       (nothing stale is read); {@code keep}: its old contents are served</td></tr>
 *   <tr><td>ketama-key-format</td><td>spymemcached</td><td>ketama point keys of {@code spymemcached} or
 *       {@code libmemcached}, to share key placement with the cluster's other clients</td></tr>
 *   <tr><td>key-prefix</td><td>cachette</td><td>first segment of every key: letters, digits, {@code . _ - / $},
 *       at most 64</td></tr>
 *   <tr><td>item-size-limit-bytes</td><td>1048576</td><td>the servers' {@code -I}</td></tr>
 *   <tr><td>max-value-bytes</td><td>item limit − 512</td><td>largest serialized entry; larger puts fail with a
 *       {@link javax.cache.CacheException} naming size and limit, leaving the previous value</td></tr>
 *   <tr><td>generation-refresh-ms</td><td>1000</td><td>how long a cache's generation (see {@code clear()}) is
 *       trusted before it is re-read: the delay before another JVM's {@code clear()} is seen; 0 re-reads it
 *       on every operation</td></tr>
 *   <tr><td>max-cas-retries</td><td>200</td><td>attempts of one atomic operation under contention</td></tr>
 *   <tr><td>deserialization.allow-application-classes</td><td>true</td><td>admit classes visible to the cache's
 *       class loader (minus the gadget list)</td></tr>
 *   <tr><td>deserialization.allow</td><td></td><td>extra admitted class patterns ({@code a.B}, {@code a.*},
 *       {@code a.**})</td></tr>
 *   <tr><td>deserialization.deny</td><td></td><td>extra rejected class patterns</td></tr>
 *   <tr><td>username, password</td><td></td><td>memcached ASCII authentication ({@code memcached -Y}); both or
 *       neither</td></tr>
 *   <tr><td>signing-key.previous</td><td></td><td>a retired signing key that still verifies (for
 *       rotation: first add the new key with the old one here in every JVM, then drop this)</td></tr>
 *   <tr><td>signing-key</td><td></td><td>a secret (≥ 16 bytes, the same in every JVM) that signs every entry;
 *       unsigned, foreign-signed or moved items are rejected before any deserialization ({@link
 *       io.cachette.memcached.store.Signer})</td></tr>
 *   <tr><td>tls</td><td>false</td><td>speak TLS ({@code memcached -Z})</td></tr>
 *   <tr><td>tls.trusted-certificates</td><td>the JDK's CAs</td><td>PEM file of the certificates to trust</td></tr>
 *   <tr><td>tls.verify-hostname</td><td>true</td><td>the server certificate must name the configured host</td></tr>
 * </table>
 *
 * <h2>Keys and values</h2>
 * Key layout {@code <prefix>:<cache>:<generation>:<encoded key>} ({@link io.cachette.memcached.store.KeyLayout});
 * canonical key text per type ({@link io.cachette.memcached.store.KeyCodec}); long keys or keys with whitespace
 * or control characters become a SHA-256 digest, never truncated. Values are
 * {@link io.cachette.memcached.store.Envelope envelopes}: version, codec, expiry in epoch milliseconds, payload.
 * Every deserialization runs behind {@link io.cachette.memcached.store.DeserializationFilter}; a rejected item is
 * counted, logged and read as a miss.
 *
 * <h2>Consistency</h2>
 * Single-key atomic operations ({@code putIfAbsent}, {@code replace}, {@code getAndPut}, {@code invoke} …) are
 * atomic across JVMs (CAS). {@code clear()} is immediate in its own JVM and seen by others within
 * {@code generation-refresh-ms}. Iteration and {@code removeAll()} work on a snapshot of the keys. Entry events
 * are those of this JVM's own operations; expiry events come from the reader that removes an expired entry.
 * Store-by-reference is not possible: caches on memcached always store by value.
 */
package io.cachette.memcached.store;
