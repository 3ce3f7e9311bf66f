package io.cachette.jcache.internal.management;

import io.cachette.jcache.CacheHerdMXBean;
import io.cachette.store.HerdCounters;

import java.util.function.Supplier;

/** Herd control's MXBean of one cache, reading the cache's counters on every attribute read. */
final class CacheHerdBean implements CacheHerdMXBean {

    private final Supplier<HerdCounters> counters;

    CacheHerdBean(Supplier<HerdCounters> counters) {
        this.counters = counters;
    }

    @Override
    public long getLeasesWon() {
        return counters.get().leasesWon();
    }

    @Override
    public long getWaits() {
        return counters.get().waits();
    }

    @Override
    public long getWaitTimeouts() {
        return counters.get().waitTimeouts();
    }

    @Override
    public long getStaleServed() {
        return counters.get().staleServed();
    }
}
