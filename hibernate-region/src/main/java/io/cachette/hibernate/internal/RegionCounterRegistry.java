package io.cachette.hibernate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.cachette.hibernate.RegionCounters;

/**
 * The regions one region factory built, so that it can say what each counted ({@link RegionCounters}): the soft
 * lock counts of the domain regions' read-write accesses, and the failures its {@link FailureLog} recorded per
 * region.
 */
public final class RegionCounterRegistry {

    private final FailureLog failures;
    private final Map<String, CachetteDomainDataRegion> domainRegions = new ConcurrentHashMap<>();
    private final Set<String> otherRegions = ConcurrentHashMap.newKeySet();

    public RegionCounterRegistry(FailureLog failures) {
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Counts {@code region}'s soft locks from now on; returns it. */
    public CachetteDomainDataRegion add(CachetteDomainDataRegion region) {
        domainRegions.put(((RegionCache) region.getCacheStorageAccess()).name(), region);
        return region;
    }

    /** Lists the region {@code name} (query results, update timestamps) even before its cache fails. */
    public void add(String name) {
        otherRegions.add(name);
    }

    /** Each region's counters, in name order; a region only its failures name is listed too. */
    public List<RegionCounters> snapshot() {
        Set<String> names = new TreeSet<>(domainRegions.keySet());
        names.addAll(otherRegions);
        names.addAll(failures.failingCaches());
        List<RegionCounters> counters = new ArrayList<>(names.size());
        for (String name : names) {
            CachetteDomainDataRegion region = domainRegions.get(name);
            counters.add(SoftLockCounts.sum(name, region == null ? List.of() : region.softLockCounts(),
                    failures.failures(name)));
        }
        return counters;
    }
}
