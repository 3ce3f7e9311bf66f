package io.cachette.hibernate.internal;

/** What to do when a region's cache does not exist in the CacheManager yet. */
public enum MissingCacheStrategy {
    /** Create it, configured by the manager's {@code cachette.cache.<name>.*} settings. */
    CREATE,
    /** Create it and log a warning naming it (to find regions that were meant to be declared). */
    CREATE_WARN,
    /** Refuse to start: every region's cache must exist beforehand. */
    FAIL;

    /** The setting's value for this strategy. */
    public String externalName() {
        return SettingChoices.nameOf(this);
    }

    /**
     * Parses a setting value (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static MissingCacheStrategy parse(String value) {
        return SettingChoices.parse(MissingCacheStrategy.class, value, "missing-cache strategy");
    }
}
