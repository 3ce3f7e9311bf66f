package io.cachette.hibernate.internal;

import java.util.Locale;

/**
 * How the update-timestamps region reads a table space that has no entry (see {@link TimestampsStorage}).
 */
public enum MissingTimestampPolicy {
    /**
     * As changed when the region was first used or last cleared (the floor). Exact when an entry can only be
     * missing because the space was never changed — the local store, where timestamps are never evicted.
     */
    FLOOR("floor"),
    /**
     * As changed just now: the entry is re-created with the current timestamp. Right when single entries can be
     * lost while query results survive (a shared store whose node restarted); costs a few re-executions of
     * queries on tables that were never changed.
     */
    NOW("now");

    private final String externalName;

    MissingTimestampPolicy(String externalName) {
        this.externalName = externalName;
    }

    public String externalName() {
        return externalName;
    }

    /**
     * Parses a setting value (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static MissingTimestampPolicy parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (MissingTimestampPolicy policy : values()) {
            if (policy.externalName.equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown missing-timestamp policy '" + value + "'; expected floor or now");
    }
}
