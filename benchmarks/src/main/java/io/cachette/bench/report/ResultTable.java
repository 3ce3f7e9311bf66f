package io.cachette.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints one run's comparisons as a Markdown table: per comparison and peer, our number, the peer's, the ratio
 * ours/peer and the target where it has one. A comparison whose Cachette contender did not run (its code
 * is not in this build) still lists the peers, with ours as {@code n/a}. A variant of ours
 * ({@code cachette-memcached}) gets its own rows against the peers the issue names for it.
 */
public final class ResultTable {

    /** The contender name of the code under test in every benchmark. */
    static final String OURS = "cachette";
    private static final String NOT_AVAILABLE = "n/a";
    /**
     * Peers of our variants ({@code cachette-<variant>} contenders): the Hibernate region factory on memcached is
     * compared with no second-level cache only, as the issue asks.
     */
    private static final Map<String, List<String>> VARIANT_PEERS = Map.of("memcached", List.of("none"));

    private ResultTable() {
    }

    /** One line of the table. */
    record Row(String comparison, String ours, String peer, String peerValue, String unit, String ratio, String target) {
    }

    static List<Row> rows(List<Measurement> measurements) {
        Map<String, Map<String, Measurement>> byComparison = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            byComparison.computeIfAbsent(m.comparison(), k -> new LinkedHashMap<>()).put(m.contender(), m);
        }
        List<Row> rows = new ArrayList<>();
        byComparison.forEach((comparison, contenders) -> {
            String betterJavaPeer = betterJavaPeer(contenders);
            List<String> oursNames = contenders.keySet().stream().filter(ResultTable::isOurs).toList();
            for (String oursName : oursNames.isEmpty() ? List.of(OURS) : oursNames) {
                Measurement ours = contenders.get(oursName);
                String variant = oursName.equals(OURS) ? "" : oursName.substring(OURS.length() + 1);
                String label = variant.isEmpty() ? comparison : comparison + " [" + variant + "]";
                contenders.forEach((peer, theirs) -> {
                    if (isOurs(peer) || !variant.isEmpty() && !VARIANT_PEERS.getOrDefault(variant, List.of()).contains(peer)) {
                        return;
                    }
                    String ratio = ours == null || theirs.value() == 0 ? NOT_AVAILABLE : format(ours.value() / theirs.value(), "");
                    String target = Targets.of(comparison, peer, peer.equals(betterJavaPeer))
                            .filter(t -> variant.isEmpty())
                            .map(t -> ours == null ? t.text() : t.verdict(ours.value() / theirs.value()))
                            .orElse("");
                    rows.add(new Row(label, ours == null ? NOT_AVAILABLE : format(ours.value(), ours.unit()), peer,
                            format(theirs.value(), theirs.unit()), theirs.unit(), ratio, target));
                });
            }
        });
        return rows;
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
        if (unit.isEmpty()) {
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

    /** The targets of issue 7, as ratios ours/peer. */
    record Targets(String text, double bound, boolean atLeast) {

        static Optional<Targets> of(String comparison, String peer, boolean betterJavaPeer) {
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
            if (comparison.startsWith("hibernate ")) {
                return peer.startsWith("jcache-caffeine") ? Optional.of(new Targets("≥ 1.0", 1.0, true)) : Optional.empty();
            }
            return Optional.empty();
        }

        String verdict(double ratio) {
            boolean met = atLeast ? ratio >= bound : ratio <= bound;
            return text + (met ? " met" : " **missed**");
        }
    }
}
