package io.cachette.testing;

import java.lang.management.ManagementFactory;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * Counts the heap bytes one thread allocates while it repeats an operation, with the JVM's per-thread
 * allocation counter: allocation tests without timing.
 */
public final class Allocations {

    private Allocations() {
    }

    /**
     * Runs {@code operation} 200,000 times so the JIT compiles it, then returns the bytes this thread allocates
     * during {@code times} more calls. The operation gets the call's index and returns a number the measurement
     * keeps, so the JIT cannot drop the call. Skips the test (an assumption) where the counter is unavailable.
     */
    public static long allocatedBy(int times, IntToLongFunction operation) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs the HotSpot per-thread allocation counter");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is off");
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += operation.applyAsLong(i);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < times; i++) {
            sink += operation.applyAsLong(i);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        if (sink == 0) {
            throw new AssertionError("the measured operation returned nothing but zeros");
        }
        return allocated;
    }
}
