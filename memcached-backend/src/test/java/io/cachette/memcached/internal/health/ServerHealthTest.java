package io.cachette.memcached.internal.health;

import io.cachette.memcached.ServerState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consecutive-failure detection and the UP/DOWN transitions. */
class ServerHealthTest {

    @Test
    void newServer_isDownUntilAdmitted() {
        ServerHealth health = new ServerHealth(3);
        assertEquals(ServerState.DOWN, health.state());
        assertTrue(health.markUp());
        assertFalse(health.markUp());
    }

    @Test
    void recordFailure_atThreshold_marksDownOnce() {
        ServerHealth health = new ServerHealth(3);
        health.markUp();
        assertFalse(health.recordFailure());
        assertFalse(health.recordFailure());
        assertTrue(health.recordFailure());
        assertFalse(health.recordFailure());
        assertEquals(ServerState.DOWN, health.state());
    }

    @Test
    void recordSuccess_resetsTheCount() {
        ServerHealth health = new ServerHealth(2);
        health.markUp();
        health.recordFailure();
        health.recordSuccess();
        assertFalse(health.recordFailure());
        assertTrue(health.isUp());
    }

    @Test
    void close_isFinal() {
        ServerHealth health = new ServerHealth(1);
        health.close();
        assertFalse(health.markUp());
        assertFalse(health.markDown());
        assertEquals(ServerState.CLOSED, health.state());
    }
}
