package io.cachette.hibernate.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What to do when a region's cache does not exist in the CacheManager yet. */
public enum MissingCacheStrategy {
    /** Create it, configured by the manager's {@code cachette.cache.<name>.*} settings. */
    CREATE("create"),
    /** Create it and log a warning naming it (to find regions that were meant to be declared). */
    CREATE_WARN("create-warn"),
    /** Refuse to start: every region's cache must exist beforehand. */
    FAIL("fail");

    private final String externalName;

    MissingCacheStrategy(String externalName) {
        this.externalName = externalName;
    }

    /** The setting's value for this strategy. */
    public String externalName() {
        return externalName;
    }

    /**
     * Parses a setting value (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static MissingCacheStrategy parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (MissingCacheStrategy strategy : values()) {
            if (strategy.externalName.equals(wanted)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown missing-cache strategy '" + value + "'; expected one of "
                + Arrays.stream(values()).map(MissingCacheStrategy::externalName).collect(Collectors.joining(", ")));
    }
}
