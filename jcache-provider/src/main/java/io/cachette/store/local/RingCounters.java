package io.cachette.store.local;

/**
 * The head and tail counters of {@link MpscRing}, padded by a class hierarchy (the JVM keeps a superclass's
 * fields before a subclass's) so that the drainer's head and the producers' tail never share a cache line.
 */
final class RingCounters {

    private RingCounters() {
    }

    /** Left padding, so that the counters do not share a cache line with the previous object. */
    abstract static class PadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** The consumer's index. */
    abstract static class HeadField extends PadBefore {
        volatile long head;
    }

    /** Padding between head and tail. */
    abstract static class PadMiddle extends HeadField {
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    /** The producers' index. */
    abstract static class TailField extends PadMiddle {
        volatile long tail;
    }
}
