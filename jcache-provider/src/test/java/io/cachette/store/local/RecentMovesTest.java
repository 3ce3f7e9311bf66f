package io.cachette.store.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which stamps the readers' view of the access order counts as recent, across the counter's wrap-around. */
class RecentMovesTest {

    @Test
    void isRecent_stampWithinTheWindow_isRecent_andOlderOrNewerIsNot() {
        RecentMoves recent = new RecentMoves();
        recent.publish(1_000, 10);
        assertTrue(recent.isRecent(1_000));
        assertTrue(recent.isRecent(991));
        assertFalse(recent.isRecent(990));
        assertFalse(recent.isRecent(1_001)); // moved after the published view: not known to be recent
        assertFalse(recent.isRecent(0));
    }

    @Test
    void isRecent_acrossTheWrapAroundOfTheMoveCount_stillMeasuresTheAge() {
        RecentMoves recent = new RecentMoves();
        recent.publish(Integer.MIN_VALUE + 2, 8);
        assertTrue(recent.isRecent(Integer.MAX_VALUE)); // 3 moves old
        assertTrue(recent.isRecent(Integer.MIN_VALUE + 2));
        assertFalse(recent.isRecent(Integer.MAX_VALUE - 5)); // 8 moves old
        assertFalse(recent.isRecent(Integer.MIN_VALUE + 3));
    }

    @Test
    void isRecent_withAnEmptyWindow_isNeverRecent() {
        RecentMoves recent = new RecentMoves();
        recent.publish(5, 0);
        assertFalse(recent.isRecent(5));
        assertFalse(recent.isRecent(4));
    }
}
