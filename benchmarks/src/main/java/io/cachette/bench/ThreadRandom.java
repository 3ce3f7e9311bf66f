package io.cachette.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.SplittableRandom;

/**
 * A random stream per benchmark thread, seeded with the thread's index: callers draw keys independently of each
 * other and every run draws the same sequence. The one JMH thread state the benchmarks that pick keys share.
 */
@State(Scope.Thread)
public class ThreadRandom {

    private SplittableRandom random;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
        random = new SplittableRandom(thread.getThreadIndex());
    }

    /** A number from 0 (inclusive) to {@code bound} (exclusive). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
