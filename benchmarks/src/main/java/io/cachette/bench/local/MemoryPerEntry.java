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

    /** Arguments: contender ({@code cachette|caffeine|ehcache}), store mode ({@code reference|value}). */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MemoryPerEntry cachette|caffeine|ehcache reference|value");
        }
        LocalCaches contender = LocalCaches.named(args[0]);
        boolean byValue = switch (args[1]) {
            case "reference" -> false;
            case "value" -> true;
            default -> throw new IllegalArgumentException("store mode must be reference or value, got " + args[1]);
        };
        try (LocalCaches.Open open = contender.open(ENTRIES, byValue)) {
            Cache<Long, String> cache = open.cache();
            cache.put(-1L, valueOf(-1));
            cache.remove(-1L);
            long before = usedAfterGc();
            for (long i = 0; i < ENTRIES; i++) {
                cache.put(i, valueOf(i));
            }
            Thread.sleep(200); // let asynchronous maintenance (Caffeine) drain its buffers
            long after = usedAfterGc();
            int resident = 0;
            for (long i = 0; i < ENTRIES; i++) {
                if (cache.containsKey(i)) {
                    resident++;
                }
            }
            if (resident != ENTRIES) {
                System.err.printf("WARNING %s kept %d of %d entries at a bound of %d%n",
                        contender.contender(), resident, ENTRIES, ENTRIES);
            }
            double perEntry = (double) (after - before) / resident;
            System.out.printf(Locale.ROOT, "memory.%s\t%s\t%.1f\tB/entry%n", args[1], contender.contender(), perEntry);
            Reference.reachabilityFence(cache);
        }
    }
}
