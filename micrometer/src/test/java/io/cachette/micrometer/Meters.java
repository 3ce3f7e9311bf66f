package io.cachette.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Reading meters in tests: one value by name and tags, and a bounded wait for a value that is read in the background. */
final class Meters {

    private Meters() {
    }

    /** The count of the one function counter {@code name} with {@code tags} (key-value pairs). */
    static double count(MeterRegistry registry, String name, String... tags) {
        FunctionCounter counter = registry.get(name).tags(tags).functionCounter();
        return counter.count();
    }

    /** The value of the one gauge {@code name} with {@code tags}. */
    static double gauge(MeterRegistry registry, String name, String... tags) {
        Gauge gauge = registry.get(name).tags(tags).gauge();
        return gauge.value();
    }

    /** The sum of every gauge {@code name} (one per server, say). */
    static double sumOfGauges(MeterRegistry registry, String name) {
        return Search.in(registry).name(name).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; fails with {@code what} otherwise. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
