package io.cachette.jcache.configuration;

/**
 * The settings of one cache: its bounds, default time to live, and whether statistics and management are turned
 * on. A {@code null} component is unset, so that settings from several sources can be layered with {@link #over}.
 *
 * @param maxEntries    the most entries the cache keeps, or {@code null}
 * @param maxBytes      the most estimated bytes the cache keeps, or {@code null}
 * @param expirySeconds seconds an entry lives after it was created or last updated, or {@code null}
 * @param statistics    {@code true} turns the cache's statistics on even when the configuration given to
 *                      {@code createCache} leaves them off (the JCache default, which frameworks pass); {@code null}
 *                      or {@code false} leaves the configuration's choice
 * @param management    the same for the configuration MXBean
 */
public record CacheSettings(Long maxEntries, Long maxBytes, Long expirySeconds, Boolean statistics,
                            Boolean management) {

    /** No setting at all. */
    public static final CacheSettings NONE = new CacheSettings(null, null, null, null, null);

    /** Storage settings only: statistics and management unset. */
    public CacheSettings(Long maxEntries, Long maxBytes, Long expirySeconds) {
        this(maxEntries, maxBytes, expirySeconds, null, null);
    }

    /** These settings, with each unset component taken from {@code lower}. */
    public CacheSettings over(CacheSettings lower) {
        return new CacheSettings(
                maxEntries != null ? maxEntries : lower.maxEntries,
                maxBytes != null ? maxBytes : lower.maxBytes,
                expirySeconds != null ? expirySeconds : lower.expirySeconds,
                statistics != null ? statistics : lower.statistics,
                management != null ? management : lower.management);
    }
}
