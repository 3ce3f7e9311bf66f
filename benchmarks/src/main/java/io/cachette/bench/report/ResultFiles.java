package io.cachette.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one run's result files into {@link Measurement}s: JMH's CSV output ({@code *.csv}) and the harness mains'
 * tab-separated lines ({@code *.tsv}: comparison, contender, value, unit), each file of the round its name gives.
 * Knows which JMH parameter names the contender in each benchmark; a memcached benchmark's throughput-mode row
 * becomes its "throughput" in ops/s and its sample-time rows its p50 and p99.
 */
final class ResultFiles {

    /** JMH parameters whose value is the contender; every other parameter is part of the comparison's name. */
    static final Set<String> CONTENDER_PARAMS = Set.of("cache", "client", "l2", "impl", "metrics");

    /** Short names of the benchmark classes in the table. */
    private static final Map<String, String> AREAS = Map.of(
            "LocalCacheBenchmark", "local",
            "MemcachedClientBenchmark", "memcached",
            "JCacheOverMemcachedBenchmark", "jcache-memcached",
            "SessionFindBenchmark", "hibernate",
            "MetricsOverheadBenchmark", "metrics");

    /** A result file's round: {@code 40-memcached-c016.r2.csv} is of round 2; a name without one, of round 1. */
    private static final Pattern ROUND = Pattern.compile("\\.r(\\d+)\\.(csv|tsv)$");

    private ResultFiles() {
    }

    /** Every measurement in the {@code .csv} and {@code .tsv} files of {@code directory}, in file-name order. */
    static List<Measurement> read(Path directory) throws IOException {
        List<Path> files;
        try (var stream = Files.list(directory)) {
            files = stream.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".tsv")).sorted().toList();
        }
        List<Measurement> measurements = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            int round = round(file.getFileName().toString());
            for (Measurement m : file.toString().endsWith(".csv") ? fromJmhCsv(lines) : fromTsv(lines)) {
                measurements.add(m.inRound(round));
            }
        }
        return measurements;
    }

    /** The round a result file belongs to, by its name. */
    static int round(String fileName) {
        Matcher matcher = ROUND.matcher(fileName);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 1;
    }

    static List<Measurement> fromTsv(List<String> lines) {
        List<Measurement> measurements = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (fields.length != 4) {
                throw new IllegalArgumentException("expected 4 tab-separated fields, got: " + line);
            }
            measurements.add(new Measurement(fields[0], fields[1], Double.parseDouble(fields[2]), fields[3]));
        }
        return measurements;
    }

    static List<Measurement> fromJmhCsv(List<String> lines) {
        List<Measurement> measurements = new ArrayList<>();
        if (lines.isEmpty()) {
            return measurements;
        }
        List<String> header = csvFields(lines.get(0));
        int benchmarkColumn = header.indexOf("Benchmark");
        int modeColumn = header.indexOf("Mode");
        int threadsColumn = header.indexOf("Threads");
        int scoreColumn = header.indexOf("Score");
        int unitColumn = header.indexOf("Unit");
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = csvFields(line);
            String benchmark = fields.get(benchmarkColumn);
            String secondary = "";
            int colon = benchmark.indexOf(':');
            if (colon >= 0) {
                secondary = benchmark.substring(colon + 1).replace("\u00b7", "");
                benchmark = benchmark.substring(0, colon);
            }
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
            className = className.substring(className.lastIndexOf('.') + 1);
            int threads = Integer.parseInt(fields.get(threadsColumn));
            String contender = null;
            StringBuilder name = new StringBuilder(AREAS.getOrDefault(className, className)).append(' ').append(method);
            boolean callers = className.contains("Memcached"); // memcached benchmarks: threads are blocking callers
            name.append(callers ? " callers=" : " threads=").append(threads);
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).startsWith("Param: ")) {
                    String param = header.get(i).substring("Param: ".length());
                    if (CONTENDER_PARAMS.contains(param)) {
                        contender = fields.get(i);
                    } else {
                        name.append(' ').append(param).append('=').append(fields.get(i));
                    }
                }
            }
            if (contender == null) {
                throw new IllegalArgumentException("no contender parameter " + CONTENDER_PARAMS + " in " + header);
            }
            double score = Double.parseDouble(fields.get(scoreColumn));
            String unit = fields.get(unitColumn);
            String mode = fields.get(modeColumn);
            if (mode.equals("thrpt") && callers) {
                // callers block on one request each: the operations they completed, counted, not callers / mean latency
                // (that leaves out the time a woken caller waits for a CPU, which differs between clients)
                measurements.add(new Measurement(name + " throughput", contender, score * perSecond(unit), "ops/s"));
            } else if (!mode.equals("sample")) {
                measurements.add(new Measurement(name.toString(), contender, score, unit));
            } else if (secondary.equals("p0.50") || secondary.equals("p0.99")) {
                String percentile = secondary.equals("p0.50") ? "p50" : "p99";
                measurements.add(new Measurement(name + " " + percentile, contender, score, unit.replace("/op", "")));
            }
        }
        return measurements;
    }

    /** How many of the periods in a throughput {@code unit} ({@code ops/us} …) make a second. */
    private static double perSecond(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> throw new IllegalArgumentException("unexpected throughput unit " + unit);
        };
    }

    /** Splits one JMH CSV line: fields are quoted strings or bare numbers and names, no embedded quotes. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
