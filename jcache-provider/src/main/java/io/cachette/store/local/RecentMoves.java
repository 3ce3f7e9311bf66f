package io.cachette.store.local;

/**
 * What a reader of the local store consults to skip recording a read that would change (almost) nothing: the
 * access order's {@linkplain AccessOrder#moves() move count} and the recency window, as the holder of the
 * eviction lock published them at the end of its last maintenance. A node whose {@linkplain Node#stamp stamp}
 * is less than {@code window} moves old is among the {@code window} most recently used nodes; recording a read
 * of it would at best move it a few places, so the reader leaves the ring and the access order alone.
 *
 * <p>Every {@code get} reads these two fields and only maintenance writes them (once per maintenance), so
 * they are padded onto a cache line of their own: the readers' copies go stale once per maintenance, not on
 * every write to a neighbouring field. The fields are plain: a reader that sees stale values only records a
 * read it could have skipped, or skips one a few moves later than it would have.
 */
final class RecentMoves extends Padding.RecentMovesFields {

    long q00, q01, q02, q03, q04, q05, q06, q07;

    /** Whether a node stamped {@code stamp} is among the most recently used nodes (by the published view). */
    boolean isRecent(int stamp) {
        int age = moves - stamp;
        return age >= 0 && age < window;
    }

    /** Publishes the access order's state; called by the holder of the eviction lock. */
    void publish(int moves, int window) {
        this.moves = moves;
        if (this.window != window) {
            this.window = window;
        }
    }
}
