package io.cachette.memcached;

/** What a conditional write ({@code ms} with a mode or CAS, {@code md} with CAS) did. */
public enum WriteResult {
    /** Stored or deleted ({@code HD}). */
    OK,
    /** The mode's condition failed, e.g. add of a present key ({@code NS}). */
    NOT_STORED,
    /** The CAS token did not match: someone else wrote the item in between ({@code EX}). */
    EXISTS,
    /** The item is absent (CAS write or delete of a missing key) ({@code NF}). */
    NOT_FOUND
}
