package io.cachette.memcached.store;

import io.cachette.jcache.configuration.Settings;
import io.cachette.jcache.configuration.SettingsParser;
import io.cachette.memcached.FailurePolicy;
import io.cachette.memcached.KetamaKeyFormat;
import io.cachette.memcached.ServerAddress;
import io.cachette.memcached.store.internal.ClassPatterns;
import io.cachette.memcached.store.internal.KeyLayout;
import io.cachette.memcached.store.internal.near.NearMode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated {@code cachette.memcached.*} settings of one memcached backend, built once from the cache
 * manager URI and its resolved settings.
 *
 * <p>Sources, lowest precedence first: the query of a {@code memcached://} URI (short names, e.g.
 * {@code ?operation-timeout-ms=200}, or the full {@code cachette.memcached.} names), then the cache manager's
 * settings (properties file, {@code Properties}, system properties). The servers come from the URI's host
 * list ({@code memcached://h1:11211,h2:11211}; {@code memcached://[::1]:11212} for one IPv6 server, and
 * {@code memcached://h1:11211,%5B::1%5D:11212} in a list, since {@link URI} takes brackets only around a
 * single host) or, for a {@code classpath:}/{@code file:} URI, from
 * {@code cachette.memcached.servers}; listing both with different servers is an error. An unknown key or an
 * invalid value fails with an {@link IllegalArgumentException} naming the key and what is allowed.
 *
 * @param servers              the servers, in the order given
 * @param operationTimeout     per-operation reply timeout
 * @param connectTimeout       TCP connect timeout
 * @param connectionsPerServer pipelined connections per server
 * @param nativeTransport      whether connections use Linux's native epoll where it loads (else Java NIO)
 * @param failureThreshold     consecutive failures that mark a server down
 * @param failurePolicy        fail fast or fail over for keys of a down server
 * @param readmission          what happens to a server's contents when it is re-admitted
 * @param ketamaKeyFormat      the ketama point-key format shared with the cluster's other clients
 * @param keyPrefix            the first segment of every memcached key
 * @param itemSizeLimit        the servers' item size limit ({@code -I})
 * @param maxValueBytes        the largest envelope sent (value plus header)
 * @param generationRefresh    how long a cache's generation is trusted before it is re-read
 * @param maxCasRetries        compare-and-set attempts of one {@code compute} before it gives up
 * @param allowApplicationClasses whether deserialization admits classes visible to the cache class loader
 * @param allowPatterns        extra class-name patterns deserialization admits
 * @param denyPatterns         extra class-name patterns deserialization rejects (on top of the gadget list)
 * @param username             user of memcached's ASCII authentication ({@code -Y}), or {@code null}
 * @param password             its password, or {@code null}
 * @param tls                  whether to speak TLS ({@code memcached -Z})
 * @param tlsTrustedCertificates a PEM file of the certificates to trust, or {@code null} for the JDK's CAs
 * @param tlsVerifyHostname    whether the server certificate must name the configured host
 * @param signingKey           the secret that signs and verifies entries ({@link io.cachette.memcached.store.internal.Signer}), or {@code null}
 * @param previousSigningKey   a retired secret still accepted when verifying (key rotation), or {@code null}
 * @param nearMaxEntries       the most entries of each cache's near tier; {@code 0}: no near tier (default)
 * @param nearMaxBytes         the most estimated bytes of each cache's near tier; {@code 0}: no byte bound
 * @param nearMode             how near entries are proven fresh
 * @param nearMaxStaleness     bounded mode: how long after a change was acknowledged a near entry may still
 *                             show the value it replaced
 * @param nearHeadReplicas     copies of the change-feed head on distinct servers that head reads spread over
 * @param herd                 herd control of the caches (unless a cache's own settings say otherwise)
 */
record MemcachedSettings(
        List<ServerAddress> servers,
        Duration operationTimeout,
        Duration connectTimeout,
        int connectionsPerServer,
        boolean nativeTransport,
        int failureThreshold,
        FailurePolicy failurePolicy,
        Readmission readmission,
        KetamaKeyFormat ketamaKeyFormat,
        String keyPrefix,
        int itemSizeLimit,
        int maxValueBytes,
        Duration generationRefresh,
        int maxCasRetries,
        boolean allowApplicationClasses,
        List<String> allowPatterns,
        List<String> denyPatterns,
        String username,
        String password,
        boolean tls,
        java.nio.file.Path tlsTrustedCertificates,
        boolean tlsVerifyHostname,
        byte[] signingKey,
        byte[] previousSigningKey,
        long nearMaxEntries,
        long nearMaxBytes,
        NearMode nearMode,
        Duration nearMaxStaleness,
        int nearHeadReplicas,
        Herd herd) {

    /** What a re-admitted server's contents become. */
    enum Readmission {
        /** {@code flush_all} the server before its keys are served again: nothing stale is ever read (default). */
        FLUSH,
        /** Serve what the server still holds: values written while it was down may be stale. */
        KEEP
    }

    /** The scope of these settings within the cache manager's view of {@code cachette.*}. */
    static final String SCOPE = "memcached.";
    static final String PREFIX = SettingsParser.PREFIX + SCOPE;
    static final String SERVERS = "servers";
    static final String OPERATION_TIMEOUT_MS = "operation-timeout-ms";
    static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    static final String CONNECTIONS_PER_SERVER = "connections-per-server";
    static final String NATIVE_TRANSPORT = "native-transport";
    static final String FAILURE_THRESHOLD = "failure-threshold";
    static final String FAILURE_POLICY = "failure-policy";
    static final String READMISSION = "readmission";
    static final String KETAMA_KEY_FORMAT = "ketama-key-format";
    static final String KEY_PREFIX = "key-prefix";
    static final String ITEM_SIZE_LIMIT = "item-size-limit-bytes";
    static final String MAX_VALUE_BYTES = "max-value-bytes";
    static final String GENERATION_REFRESH_MS = "generation-refresh-ms";
    static final String MAX_CAS_RETRIES = "max-cas-retries";
    static final String ALLOW_APPLICATION_CLASSES = "deserialization.allow-application-classes";
    static final String ALLOW = "deserialization.allow";
    static final String DENY = "deserialization.deny";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TLS = "tls";
    static final String TLS_TRUSTED_CERTIFICATES = "tls.trusted-certificates";
    static final String TLS_VERIFY_HOSTNAME = "tls.verify-hostname";
    static final String SIGNING_KEY = "signing-key";
    static final String PREVIOUS_SIGNING_KEY = "signing-key.previous";
    static final String NEAR_MAX_ENTRIES = "near-cache.max-entries";
    static final String NEAR_MAX_BYTES = "near-cache.max-bytes";
    static final String NEAR_MODE = "near-cache.mode";
    static final String NEAR_MAX_STALENESS_MS = "near-cache.max-staleness-ms";
    static final String NEAR_HEAD_REPLICAS = "near-cache.head-replicas";
    static final String HERD_WAIT_MS = "herd.wait-ms";
    static final String HERD_LEASE_SECONDS = "herd.lease-seconds";
    static final String HERD_STALE_WHILE_REVALIDATE_MS = "herd.stale-while-revalidate-ms";

    static final Set<String> KEYS = Set.of(SERVERS, OPERATION_TIMEOUT_MS, CONNECT_TIMEOUT_MS, CONNECTIONS_PER_SERVER,
            NATIVE_TRANSPORT, FAILURE_THRESHOLD, FAILURE_POLICY, READMISSION, KETAMA_KEY_FORMAT, KEY_PREFIX,
            ITEM_SIZE_LIMIT, MAX_VALUE_BYTES, GENERATION_REFRESH_MS, MAX_CAS_RETRIES, ALLOW_APPLICATION_CLASSES, ALLOW,
            DENY, USERNAME, PASSWORD, TLS, TLS_TRUSTED_CERTIFICATES, TLS_VERIFY_HOSTNAME, SIGNING_KEY,
            PREVIOUS_SIGNING_KEY, NEAR_MAX_ENTRIES, NEAR_MAX_BYTES, NEAR_MODE, NEAR_MAX_STALENESS_MS,
            NEAR_HEAD_REPLICAS, HERD_WAIT_MS, HERD_LEASE_SECONDS, HERD_STALE_WHILE_REVALIDATE_MS);

    /** memcached's default item size limit. */
    static final int DEFAULT_ITEM_SIZE_LIMIT = 1024 * 1024;
    /** Room for the item header (key, CAS, flags) under the item size limit; memcached counts it too. */
    static final int ITEM_HEADER_ALLOWANCE = 512;
    /** Longest key prefix, so that prefix, cache and generation always leave room for the encoded key. */
    static final int MAX_PREFIX_BYTES = 64;

    MemcachedSettings {
        servers = List.copyOf(servers);
        allowPatterns = List.copyOf(allowPatterns);
        denyPatterns = List.copyOf(denyPatterns);
    }

    /**
     * Resolves the settings of a backend.
     *
     * @param uri      the cache manager URI ({@code memcached://…}, or a settings-file URI)
     * @param settings the cache manager's resolved settings, the view of {@code cachette.*} (only
     *                 {@code memcached.*} and the backend-neutral {@code deserialization.allow} are read here)
     */
    static MemcachedSettings parse(URI uri, Settings settings) {
        Map<String, String> query = new TreeMap<>();
        List<ServerAddress> uriServers = List.of();
        if (uri != null && "memcached".equalsIgnoreCase(uri.getScheme())) {
            String specific = uri.getRawSchemeSpecificPart();
            if (!specific.startsWith("//")) {
                throw new IllegalArgumentException("memcached URI '" + uri
                        + "' must look like memcached://host1:11211,host2:11211");
            }
            String rest = specific.substring(2);
            int queryStart = rest.indexOf('?');
            String hosts = queryStart < 0 ? rest : rest.substring(0, queryStart);
            if (hosts.endsWith("/")) {
                hosts = hosts.substring(0, hosts.length() - 1);
            }
            if (hosts.indexOf('/') >= 0) {
                throw new IllegalArgumentException("memcached URI '" + uri + "' has a path; expected "
                        + "memcached://host1:11211,host2:11211[?setting=value&…]");
            }
            if (!hosts.isEmpty()) {
                // java.net.URI accepts brackets only around a single host: in a list, an IPv6 address is
                // written %-quoted (memcached://h1:11211,%5B::1%5D:11212), so unquote it
                uriServers = parseServers("memcached URI " + uri,
                        URLDecoder.decode(hosts.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            if (queryStart >= 0) {
                query.putAll(parseQuery(uri, rest.substring(queryStart + 1)));
            }
        }
        Settings merged = settings.scope(SCOPE).withDefaults(query);
        merged.requireKnown(KEYS);
        List<ServerAddress> servers = uriServers;
        String listed = merged.text(SERVERS, null);
        if (listed != null) {
            List<ServerAddress> fromSetting = parseServers(PREFIX + SERVERS, listed);
            if (!servers.isEmpty() && !new LinkedHashSet<>(servers).equals(new LinkedHashSet<>(fromSetting))) {
                throw new IllegalArgumentException("Setting '" + PREFIX + SERVERS + "' lists " + fromSetting
                        + " but the cache manager URI " + uri + " lists " + servers + "; give the servers once");
            }
            if (servers.isEmpty()) {
                servers = fromSetting;
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("No memcached servers: use a URI memcached://host1:11211,host2:11211"
                    + " or set '" + PREFIX + SERVERS + "' to host:port[,host:port…]");
        }
        int itemSizeLimit = merged.integer(ITEM_SIZE_LIMIT, DEFAULT_ITEM_SIZE_LIMIT, 1024, 1024 * 1024 * 1024);
        // at most the item limit minus the header allowance: memcached deletes the old item when it refuses a
        // new one as too large, so an oversized value must never reach the server
        int maxValueBytes = merged.integer(MAX_VALUE_BYTES, itemSizeLimit - ITEM_HEADER_ALLOWANCE, 64,
                itemSizeLimit - ITEM_HEADER_ALLOWANCE);
        String prefix = merged.text(KEY_PREFIX, "cachette");
        if (prefix.isEmpty() || prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES
                || !KeyLayout.isSafeSegment(prefix)) {
            throw merged.invalid(KEY_PREFIX, "1 to " + MAX_PREFIX_BYTES
                    + " characters among letters, digits and . _ - / $");
        }
        String username = merged.text(USERNAME, null);
        String password = merged.text(PASSWORD, null);
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("Settings '" + PREFIX + USERNAME + "' and '" + PREFIX + PASSWORD
                    + "' go together: give both or neither");
        }
        if (username != null) {
            try {
                new io.cachette.memcached.MemcachedCredentials(username, password);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid memcached credentials in '" + PREFIX + USERNAME + "'/'"
                        + PREFIX + PASSWORD + "': " + e.getMessage(), e);
            }
        }
        boolean tls = merged.flag(TLS, false);
        java.nio.file.Path trusted = null;
        String trustedFile = merged.text(TLS_TRUSTED_CERTIFICATES, null);
        if (trustedFile != null) {
            if (!tls) {
                throw new IllegalArgumentException("Setting '" + PREFIX + TLS_TRUSTED_CERTIFICATES + "' needs '"
                        + PREFIX + TLS + "=true'");
            }
            trusted = java.nio.file.Path.of(trustedFile);
            if (!java.nio.file.Files.isReadable(trusted)) {
                throw merged.invalid(TLS_TRUSTED_CERTIFICATES, "a readable PEM file of trusted certificates");
            }
        }
        byte[] signingKey = secret(merged, SIGNING_KEY);
        byte[] previousSigningKey = secret(merged, PREVIOUS_SIGNING_KEY);
        if (previousSigningKey != null && signingKey == null) {
            throw new IllegalArgumentException("Setting '" + PREFIX + PREVIOUS_SIGNING_KEY + "' needs '" + PREFIX
                    + SIGNING_KEY + "': a retired key only verifies, the current one signs");
        }
        List<String> allow = new ArrayList<>(patterns(settings, SettingsParser.DESERIALIZATION_ALLOW_KEY));
        allow.addAll(patterns(merged, ALLOW));
        return new MemcachedSettings(
                servers,
                merged.millis(OPERATION_TIMEOUT_MS, Duration.ofMillis(500), 1, 600_000),
                merged.millis(CONNECT_TIMEOUT_MS, Duration.ofMillis(1000), 1, 600_000),
                merged.integer(CONNECTIONS_PER_SERVER, 1, 1, 64),
                merged.flag(NATIVE_TRANSPORT, true),
                merged.integer(FAILURE_THRESHOLD, 3, 1, 1_000_000),
                merged.choice(FAILURE_POLICY, FailurePolicy.class, FailurePolicy.FAIL_FAST),
                merged.choice(READMISSION, Readmission.class, Readmission.FLUSH),
                merged.choice(KETAMA_KEY_FORMAT, KetamaKeyFormat.class, KetamaKeyFormat.SPYMEMCACHED),
                prefix,
                itemSizeLimit,
                maxValueBytes,
                merged.millis(GENERATION_REFRESH_MS, Duration.ofMillis(1000), 0, 3_600_000),
                merged.integer(MAX_CAS_RETRIES, 200, 1, 100_000),
                merged.flag(ALLOW_APPLICATION_CLASSES, true),
                List.copyOf(new java.util.LinkedHashSet<>(allow)),
                patterns(merged, DENY),
                username,
                password,
                tls,
                trusted,
                merged.flag(TLS_VERIFY_HOSTNAME, true),
                signingKey,
                previousSigningKey,
                merged.number(NEAR_MAX_ENTRIES, 0, 0, Long.MAX_VALUE),
                merged.number(NEAR_MAX_BYTES, 0, 0, Long.MAX_VALUE),
                merged.choice(NEAR_MODE, NearMode.class, NearMode.STRICT),
                merged.millis(NEAR_MAX_STALENESS_MS, Duration.ofMillis(100), 1, 3_600_000),
                merged.integer(NEAR_HEAD_REPLICAS, 1, 1, 8),
                Herd.of(merged.scope("herd."), Herd.DEFAULT));
    }

    /** Whether the caches of this backend have a near tier (unless a cache's own settings say otherwise). */
    boolean nearCache() {
        return nearMaxEntries > 0;
    }

    /**
     * The near tier of one cache.
     *
     * @param maxEntries  its entry bound, {@code 0}: off
     * @param maxBytes    its byte bound, {@code 0}: none
     * @param mode        how its entries are proven fresh
     * @param maxStaleness the bound of bounded mode
     */
    record Near(long maxEntries, long maxBytes, NearMode mode, Duration maxStaleness) {
    }

    /**
     * The near tier of cache {@code cacheName}: its {@code cachette.cache.<name>.near-cache.*} settings (in
     * {@code managerSettings}, the manager's full {@code cachette.*} names), this backend's for the ones not set.
     */
    Near near(String cacheName, Map<String, String> managerSettings) {
        Settings own = Settings.of(managerSettings).scope(SettingsParser.CACHE_PREFIX + cacheName + ".near-cache.");
        return new Near(
                own.number("max-entries", nearMaxEntries, 0, Long.MAX_VALUE),
                own.number("max-bytes", nearMaxBytes, 0, Long.MAX_VALUE),
                own.choice("mode", NearMode.class, nearMode),
                own.millis("max-staleness-ms", nearMaxStaleness, 1, 3_600_000));
    }

    /**
     * Herd control of one cache: memcached leases let one caller in the cluster load a missing key while the others
     * wait for its value.
     *
     * @param waitTime             how long a caller waits for another's load before loading the key itself
     * @param leaseSeconds         the TTL of the placeholder that holds a lease (what a dead loader blocks at most);
     *                             {@code 0}: herd control off, every caller that misses loads
     * @param staleWhileRevalidate how long after expiry a value is still served while one caller refreshes it;
     *                             {@code 0}: never (the default)
     */
    record Herd(Duration waitTime, int leaseSeconds, Duration staleWhileRevalidate) {

        static final Herd DEFAULT = new Herd(Duration.ofMillis(2000), 10, Duration.ZERO);

        /** The herd settings in {@code scope} (the names after {@code herd.}), {@code defaults} for those not set. */
        static Herd of(Settings scope, Herd defaults) {
            return new Herd(scope.millis("wait-ms", defaults.waitTime, 0, 600_000),
                    scope.integer("lease-seconds", defaults.leaseSeconds, 0, 86_400),
                    scope.millis("stale-while-revalidate-ms", defaults.staleWhileRevalidate, 0, 2_592_000_000L));
        }

        /** Whether callers that miss one key coordinate at all. */
        boolean enabled() {
            return leaseSeconds > 0;
        }
    }

    /**
     * The herd control of cache {@code cacheName}: its {@code cachette.cache.<name>.herd.*} settings, this
     * backend's for the ones not set.
     */
    Herd herd(String cacheName, Map<String, String> managerSettings) {
        return Herd.of(Settings.of(managerSettings).scope(SettingsParser.CACHE_PREFIX + cacheName + ".herd."), herd);
    }

    /** A signing secret of at least 16 bytes, or {@code null} when not set. */
    private static byte[] secret(Settings merged, String key) {
        String text = merged.text(key, null);
        if (text == null) {
            return null;
        }
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        if (secret.length < 16) {
            throw new IllegalArgumentException("Invalid value for setting '" + PREFIX + key
                    + "'; allowed: a secret of at least 16 bytes (the same in every JVM sharing the caches)");
        }
        return secret;
    }

    /** The full names of every setting, for {@link MemcachedStoreFactory#settingKeys()}. */
    static Set<String> fullKeys() {
        return KEYS.stream().map(key -> PREFIX + key).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Parses {@code host:port[,host:port…]} (IPv6 in brackets). */
    static List<ServerAddress> parseServers(String source, String text) {
        List<ServerAddress> servers = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(source + ": empty server in '" + text
                        + "'; expected host:port[,host:port…]");
            }
            ServerAddress server;
            try {
                server = ServerAddress.parse(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
            if (servers.contains(server)) {
                throw new IllegalArgumentException(source + ": server " + server + " is listed twice");
            }
            servers.add(server);
        }
        return servers;
    }

    private static Map<String, String> parseQuery(URI uri, String query) {
        Map<String, String> parsed = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("memcached URI " + uri + ": query part '" + pair
                        + "' is not name=value");
            }
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
            if (name.startsWith(PREFIX)) {
                name = name.substring(PREFIX.length());
            }
            parsed.put(name, value);
        }
        return parsed;
    }

    private static List<String> patterns(Settings settings, String key) {
        List<String> patterns = settings.list(key);
        for (String pattern : patterns) {
            if (!ClassPatterns.isValid(pattern)) {
                throw settings.invalid(key, "comma-separated class names or patterns such as com.example.Type, "
                        + "com.example.* (one package) or com.example.** (with subpackages)");
            }
        }
        return patterns;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MemcachedSettings[servers=" + servers + ", keyPrefix=" + keyPrefix + ", tls=" + tls + ", username="
                + username + (password == null ? "" : ", password=***") + (signingKey == null ? "" : ", signingKey=***")
                + (previousSigningKey == null ? "" : ", previousSigningKey=***")
                + (nearMaxEntries == 0 ? "" : ", nearCache=" + nearMode.name().toLowerCase(java.util.Locale.ROOT)
                        + "/" + nearMaxEntries) + "]";
    }
}
