package io.cachette.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A child JVM can be watched for a line it prints while it runs, and killed mid-work. */
class ChildJvmTest {

    /** Prints "working", then sleeps for up to 60 s (a child that is never killed still ends). */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("working");
            Thread.sleep(60_000);
            System.out.println("done");
        }
    }

    @Test
    void kill_aChildMidWork_endsItAtOnce_andKeepsWhatItPrinted() throws Exception {
        ChildJvm child = ChildJvm.start(Sleeper.class);
        assertTrue(child.awaitOutput("working", Duration.ofSeconds(30)), "the child never printed 'working'");
        assertFalse(child.awaitOutput("done", Duration.ofMillis(50)));

        ChildJvm.Ended ended = child.kill();

        assertFalse(child.isAlive());
        assertNotEquals(0, ended.exitCode());
        assertTrue(ended.output().contains("working"), ended.output());
        assertFalse(ended.output().contains("done"), ended.output());
    }
}
