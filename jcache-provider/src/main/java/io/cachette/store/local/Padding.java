package io.cachette.store.local;

/**
 * Padded field holders of the local store's shared counters and flags. The JVM lays out a superclass's fields
 * before a subclass's, so a chain of classes places padding before the fields; each concrete subclass adds
 * padding after them. That keeps a field written by one thread and read by others on every operation off the
 * cache lines of unrelated fields (false sharing).
 */
final class Padding {

    private Padding() {
    }

    /** Left padding: one cache line. */
    abstract static class Before {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** The fields of {@link RecentMoves}. */
    abstract static class RecentMovesFields extends Before {
        int moves;
        int window;
    }

    /** The field of {@link DrainStatus}. */
    abstract static class DrainStatusField extends Before {
        volatile int status;
    }
}
