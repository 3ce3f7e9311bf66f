package io.cachette.jcache.configuration;

/**
 * The storage settings of one cache: its bounds and default time to live. A {@code null} component is unset,
 * so that settings from several sources can be layered with {@link #over}.
 *
 * @param maxEntries    the most entries the cache keeps, or {@code null}
 * @param maxBytes      the most estimated bytes the cache keeps, or {@code null}
 * @param expirySeconds seconds an entry lives after it was created or last updated, or {@code null}
 */
public record CacheSettings(Long maxEntries, Long maxBytes, Long expirySeconds) {

    /** No setting at all. */
    public static final CacheSettings NONE = new CacheSettings(null, null, null);

    /** These settings, with each unset component taken from {@code lower}. */
    public CacheSettings over(CacheSettings lower) {
        return new CacheSettings(
                maxEntries != null ? maxEntries : lower.maxEntries,
                maxBytes != null ? maxBytes : lower.maxBytes,
                expirySeconds != null ? expirySeconds : lower.expirySeconds);
    }
}
