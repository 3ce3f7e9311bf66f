package io.cachette.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prints one run's comparisons as a Markdown table: per comparison and peer, our number, the peer's, the ratio
 * ours/peer and the target where it has one. A run of several rounds shows the median numbers, and the
 * median of the rounds' ratios with their range: the target is judged on that median, so one round on a
 * machine that slowed down for a while does not decide it. A comparison whose Cachette contender did not run (its
 * code is not in this build) still lists the peers, with ours as {@code n/a}. A variant of ours
 * ({@code cachette-memcached}) gets its own rows against the peers the issue names for it. A number that only ours
 * has (the memcached commands a Hibernate find costs) gets a row of its own, without peer or ratio.
 */
public final class ResultTable {

    /** The contender name of the code under test in every benchmark. */
    static final String OURS = "cachette";
    private static final String NOT_AVAILABLE = "n/a";
    /**
     * Peers of our variants ({@code cachette-<variant>} contenders), as the issues ask: the Hibernate region factory
     * on memcached with no second-level cache and, for its near tier, with itself without one (strict) and with the
     * local store (bounded).
     */
    private static final Map<String, List<String>> VARIANT_PEERS = Map.of(
            "memcached", List.of("none", "cachette-memcached-nonear"),
            "memcached-nonear", List.of("none"),
            "memcached-bounded", List.of("none", OURS),
            "near-strict", List.of(OURS),
            "near-bounded", List.of("cachette-local"));

    private ResultTable() {
    }

    /** One line of the table. */
    record Row(String comparison, String ours, String peer, String peerValue, String unit, String ratio, String target) {
    }

    static List<Row> rows(List<Measurement> measurements) {
        // comparison -> contender -> round -> measurement, in the order first seen
        Map<String, Map<String, Map<Integer, Measurement>>> byComparison = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            byComparison.computeIfAbsent(m.comparison(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(m.contender(), k -> new TreeMap<>()).put(m.round(), m);
        }
        List<Row> rows = new ArrayList<>();
        byComparison.forEach((comparison, rounds) -> {
            Map<String, Measurement> contenders = new LinkedHashMap<>();
            rounds.forEach((contender, byRound) -> contenders.put(contender, medianOf(byRound.values())));
            String betterJavaPeer = betterJavaPeer(contenders);
            List<String> oursNames = contenders.keySet().stream().filter(ResultTable::isOurs).toList();
            for (String oursName : oursNames.isEmpty() ? List.of(OURS) : oursNames) {
                Measurement ours = contenders.get(oursName);
                String variant = oursName.equals(OURS) ? "" : oursName.substring(OURS.length() + 1);
                String label = variant.isEmpty() ? comparison : comparison + " [" + variant + "]";
                if (ours != null && contenders.keySet().stream().allMatch(ResultTable::isOurs)) {
                    // a number only ours has (memcached commands per find): shown alone, no ratio
                    rows.add(new Row(label, format(ours.value(), ours.unit()), "-", "-", ours.unit(), "-", ""));
                    continue;
                }
                List<String> variantPeers = VARIANT_PEERS.getOrDefault(variant, List.of());
                contenders.forEach((peer, theirs) -> {
                    if (variant.isEmpty() ? isOurs(peer) : !variantPeers.contains(peer)) {
                        return;
                    }
                    Ratios ratios = ours == null ? null : Ratios.of(rounds.get(oursName), rounds.get(peer));
                    String ratio = ratios == null ? NOT_AVAILABLE : ratios.text();
                    String target = Targets.of(comparison, variant, peer, peer.equals(betterJavaPeer))
                            .map(t -> ratios == null || !Double.isFinite(ratios.median()) ? t.text()
                                    : t.verdict(ratios.median()))
                            .orElse("");
                    rows.add(new Row(label, ours == null ? NOT_AVAILABLE : format(ours.value(), ours.unit()), peer,
                            format(theirs.value(), theirs.unit()), theirs.unit(), ratio, target));
                });
            }
        });
        return rows;
    }

    /** The measurement with the median value (the mean of the middle two of an even count). */
    static Measurement medianOf(Collection<Measurement> measurements) {
        Measurement first = measurements.iterator().next();
        double[] values = measurements.stream().mapToDouble(Measurement::value).toArray();
        return new Measurement(first.comparison(), first.contender(), medianOf(values), first.unit(), first.round());
    }

    private static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * Ours/peer of each round both ran in: their median decides the target, and their range shows how far the
     * machine moved between rounds. Without a common round (never in a run of run.sh), the ratio of the medians.
     */
    record Ratios(double median, double lowest, double highest, int rounds) {

        static Ratios of(Map<Integer, Measurement> ours, Map<Integer, Measurement> peer) {
            double[] ratios = ours.keySet().stream().filter(peer::containsKey)
                    .mapToDouble(round -> ours.get(round).value() / peer.get(round).value())
                    .filter(Double::isFinite).toArray();
            if (ratios.length == 0) {
                double value = medianOf(ours.values()).value() / medianOf(peer.values()).value();
                return new Ratios(value, value, value, 0);
            }
            return new Ratios(medianOf(ratios), Arrays.stream(ratios).min().getAsDouble(),
                    Arrays.stream(ratios).max().getAsDouble(), ratios.length);
        }

        /** {@code 1.25}, or with more than one round {@code 1.25 (1.10–1.40)}; {@code n/a} when not a number. */
        String text() {
            if (!Double.isFinite(median)) {
                return NOT_AVAILABLE;
            }
            String text = format(median, "");
            return rounds > 1 ? text + " (" + format(lowest, "") + "–" + format(highest, "") + ")" : text;
        }
    }

    /** Whether {@code contender} is the code under test: {@code cachette} or a variant {@code cachette-<variant>}. */
    static boolean isOurs(String contender) {
        return contender.equals(OURS) || contender.startsWith(OURS + "-");
    }

    /** The faster of spymemcached and xmemcached in a memcached throughput comparison, else {@code null}. */
    private static String betterJavaPeer(Map<String, Measurement> contenders) {
        Measurement spy = contenders.get("spymemcached");
        Measurement x = contenders.get("xmemcached");
        if (spy == null || x == null) {
            return spy != null ? "spymemcached" : x != null ? "xmemcached" : null;
        }
        return spy.value() >= x.value() ? "spymemcached" : "xmemcached";
    }

    static String format(double value, String unit) {
        if (unit.equals("ops/s") || unit.equals("B/entry") && value >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (unit.isEmpty() || unit.endsWith("/find")) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static void print(List<Row> rows, PrintStream out) {
        out.println("| benchmark | ours | peer | peer value | unit | ratio ours/peer | target |");
        out.println("|---|---:|---|---:|---|---:|---|");
        for (Row row : rows) {
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", row.comparison(), row.ours(), row.peer(),
                    row.peerValue(), row.unit(), row.ratio(), row.target());
        }
    }

    /** Argument: the results directory of one run. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ResultTable <results directory>");
        }
        print(rows(ResultFiles.read(Path.of(args[0]))), System.out);
    }

    /** The targets of issue 7, of issue 18 for the metrics suite and of issue 20 for our memcached variants. */
    record Targets(String text, double bound, boolean atLeast) {

        static Optional<Targets> of(String comparison, String variant, String peer, boolean betterJavaPeer) {
            if (!variant.isEmpty()) {
                return nearCache(comparison, variant, peer);
            }
            if (comparison.startsWith("local getHit") || comparison.startsWith("local put ")) {
                return peer.equals("caffeine") ? Optional.of(new Targets("≥ 1.0", 1.0, true)) : Optional.empty();
            }
            if (comparison.startsWith("memory.")) {
                return peer.equals("caffeine") ? Optional.of(new Targets("≤ 1.0", 1.0, false)) : Optional.empty();
            }
            if (comparison.startsWith("memcached ") && comparison.endsWith(" throughput")) {
                if (peer.equals("memcslap")) {
                    return Optional.of(new Targets("≥ 0.7", 0.7, true));
                }
                return betterJavaPeer ? Optional.of(new Targets("≥ 1.2 (better Java peer)", 1.2, true)) : Optional.empty();
            }
            if (comparison.startsWith("jcache-memcached ") && comparison.endsWith(" throughput")) {
                return peer.equals("raw-client") ? Optional.of(new Targets("≥ 0.9", 0.9, true)) : Optional.empty();
            }
            if (comparison.startsWith("metrics ")) {
                // the binders attached cost at most 3 % of a get, against statistics on and against statistics off
                return Optional.of(new Targets("≥ 0.97", 0.97, true));
            }
            if (comparison.startsWith("hibernate ")) {
                return peer.startsWith("jcache-caffeine") ? Optional.of(new Targets("≥ 1.0", 1.0, true)) : Optional.empty();
            }
            return Optional.empty();
        }

        /** Issue 20: the strict near tier vs no cache and vs no near tier, the bounded one vs the local store. */
        private static Optional<Targets> nearCache(String comparison, String variant, String peer) {
            boolean postgres = comparison.contains("database=postgres");
            if (!postgres) {
                return Optional.empty();
            }
            if (variant.equals("memcached") && peer.equals("none")) {
                if (comparison.startsWith("hibernate oneFindPerTransaction threads=1 ")) {
                    return Optional.of(new Targets("≥ 1.3", 1.3, true));
                }
                if (comparison.startsWith("hibernate tenFindsPerTransaction threads=1 ")) {
                    return Optional.of(new Targets("≥ 4", 4, true));
                }
                if (comparison.startsWith("hibernate oneFindPerTransaction threads=16 ")) {
                    return Optional.of(new Targets("≥ 3", 3, true));
                }
            }
            if (variant.equals("memcached") && peer.equals("cachette-memcached-nonear")
                    && comparison.startsWith("hibernate updateInATransaction ")) {
                return Optional.of(new Targets("≥ 0.67 (cost ≤ 1.5x)", 1 / 1.5, true));
            }
            if (variant.equals("memcached-bounded") && peer.equals(OURS) && comparison.startsWith("hibernate ")
                    && !comparison.startsWith("hibernate updateInATransaction ")) {
                return Optional.of(new Targets("≥ 0.5", 0.5, true));
            }
            return Optional.empty();
        }

        String verdict(double ratio) {
            boolean met = atLeast ? ratio >= bound : ratio <= bound;
            return text + (met ? " met" : " **missed**");
        }
    }
}
