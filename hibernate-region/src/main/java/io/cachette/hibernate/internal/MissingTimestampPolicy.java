package io.cachette.hibernate.internal;

/**
 * How the update-timestamps region reads a table space that has no entry (see {@link TimestampsStorage}).
 */
public enum MissingTimestampPolicy {
    /**
     * As changed when the region was first used or last cleared (the floor). Exact when an entry can only be
     * missing because the space was never changed — the local store, where timestamps are never evicted.
     */
    FLOOR,
    /**
     * As changed just now: the entry is re-created with the current timestamp. Right when single entries can be
     * lost while query results survive (a shared store whose node restarted); costs a few re-executions of
     * queries on tables that were never changed.
     */
    NOW;

    /**
     * The policy when none is configured: {@link #NOW} on a store shared across JVMs (memcached), where one
     * node's entries can be lost — a node restarts and is flushed on re-admission, or its LRU evicts an entry —
     * while the floor, on another node, survives; {@link #FLOOR} on a store in this JVM.
     */
    public static MissingTimestampPolicy defaultFor(boolean sharedStore) {
        return sharedStore ? NOW : FLOOR;
    }

    /** The setting's value for this policy. */
    public String externalName() {
        return SettingChoices.nameOf(this);
    }

    /**
     * Parses a setting value (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static MissingTimestampPolicy parse(String value) {
        return SettingChoices.parse(MissingTimestampPolicy.class, value, "missing-timestamp policy");
    }
}
