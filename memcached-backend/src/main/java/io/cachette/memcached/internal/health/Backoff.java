package io.cachette.memcached.internal.health;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays with "equal jitter": attempt {@code n} waits between half and all of
 * {@code min(max, initial × 2^n)}, so many clients that lost the same server do not reconnect in lock step,
 * yet the delay still grows. Pure: the random source is injected.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} returns values in [0, 1). */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before reconnect attempt {@code attempt} (0-based), in milliseconds. */
    public long delayMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 40);
        long ceiling = initialMillis << shift;
        if (ceiling <= 0 || ceiling > maxMillis || (ceiling >> shift) != initialMillis) {
            ceiling = maxMillis;
        }
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }
}
