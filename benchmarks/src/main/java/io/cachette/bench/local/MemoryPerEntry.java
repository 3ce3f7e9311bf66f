package io.cachette.bench.local;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import javax.cache.Cache;

/**
 * Benchmark 2 of issue 7: heap retained by 1M {@code Long → 16-char String} entries in one contender's cache,
 * measured after full GCs. Run one contender per fresh JVM (run.sh does, with {@code -XX:+UseSerialGC} so that
 * {@code System.gc()} is a full compacting collection and "used" means live).
 * <p>
 * The figure includes the keys and values themselves (a {@code Long} and a 16-char Latin-1 {@code String}: 72 bytes
 * on a 64-bit JVM with compressed oops), because that is what a user's heap holds; the payload line says how much.
 * Prints tab-separated lines: {@code memory.<store>, contender, bytes per entry, B/entry}.
 */
public final class MemoryPerEntry {

    static final int ENTRIES = 1_000_000;

    private MemoryPerEntry() {
    }

    /** The 16-char value stored under key {@code i}. */
    static String valueOf(long i) {
        return String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L);
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Fills a cache of {@code contender} bounded at {@code entries} with {@code entries} entries and returns the heap
     * they retain, per entry, measured after full GCs (meaningful in a fresh JVM that does nothing else).
     */
    public static double measure(LocalCaches contender, boolean byValue, int entries) throws InterruptedException {
        try (LocalCaches.Open open = contender.open(entries, byValue)) {
            Cache<Long, String> cache = open.cache();
            cache.put(-1L, valueOf(-1));
            cache.remove(-1L);
            long before = usedAfterGc();
            for (long i = 0; i < entries; i++) {
                cache.put(i, valueOf(i));
            }
            Thread.sleep(200); // let asynchronous maintenance (Caffeine) drain its buffers
            long after = usedAfterGc();
            int resident = 0;
            for (long i = 0; i < entries; i++) {
                if (cache.containsKey(i)) {
                    resident++;
                }
            }
            if (resident != entries) {
                System.err.printf("WARNING %s kept %d of %d entries at a bound of %d%n",
                        contender.contender(), resident, entries, entries);
            }
            Reference.reachabilityFence(cache);
            return (double) (after - before) / Math.max(1, resident);
        }
    }

    /**
     * Arguments: contender ({@code cachette|caffeine|ehcache}), store mode ({@code reference|value}) and optionally
     * the number of entries (default 1M; the smoke test uses fewer).
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 && args.length != 3) {
            throw new IllegalArgumentException("usage: MemoryPerEntry cachette|caffeine|ehcache reference|value [entries]");
        }
        int entries = args.length == 3 ? Integer.parseInt(args[2]) : ENTRIES;
        if (entries < 1) {
            throw new IllegalArgumentException("entries must be positive, got " + entries);
        }
        LocalCaches contender = LocalCaches.named(args[0]);
        boolean byValue = switch (args[1]) {
            case "reference" -> false;
            case "value" -> true;
            default -> throw new IllegalArgumentException("store mode must be reference or value, got " + args[1]);
        };
        double perEntry = measure(contender, byValue, entries);
        System.out.printf(Locale.ROOT, "memory.%s\t%s\t%.1f\tB/entry%n", args[1], contender.contender(), perEntry);
    }
}
