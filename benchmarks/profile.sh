#!/usr/bin/env bash
# Profiles one benchmark with JFR and prints where the samples land, to see where the time goes when a target of
# issue 7 is missed.
#
#   benchmarks/profile.sh <JMH benchmark regex> [JMH options...]
#   benchmarks/profile.sh 'LocalCacheBenchmark.getHit' -p cache=cachette -p store=value -t 2
#
# Uses the last build of run.sh (run it, or `mvn -B -q -pl benchmarks -am -DskipTests package`, first). For the
# memcached benchmarks, set BENCH_MEMCACHED=127.0.0.1:PORT to a server you started. Prints the top frames by
# self samples and the top frames of io.cachette code anywhere on the stack; the .jfr stays in the output folder.
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 <JMH benchmark regex> [JMH options...]" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CP="$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/benchmark-classpath.txt")"
OUT="$ROOT/benchmarks/target/profiles/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
regex="$1"; shift
java -cp "$CP" org.openjdk.jmh.Main "$regex" -f 1 -wi 1 -w "${WARMUP:-2s}" -i 1 -r "${MEASURE:-5s}" -jvmArgs "-Xms1g -Xmx1g" \
    -prof "jfr:dir=$OUT;configName=profile" "$@" >"$OUT/jmh.log" 2>&1 || { echo "JMH failed, see $OUT/jmh.log" >&2; exit 1; }
grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$OUT/jmh.log" | grep -v ':jfr' || true
mapfile -t recordings < <(find "$OUT" -name '*.jfr')
[[ ${#recordings[@]} -gt 0 ]] || { echo "no JFR recording in $OUT" >&2; exit 1; }
for recording in "${recordings[@]}"; do
  echo "== $recording"
  jfr print --events jdk.ExecutionSample "$recording" >"$recording.txt"
  # each event: "stackTrace = [" then frames (top first) "    frame(...) line: N" then "]"
  awk '
    /stackTrace = \[/ { depth = 0; split("", seen); next }
    /^[[:space:]]+[a-zA-Z_$][a-zA-Z0-9_$.]*\(.*\)[[:space:]]+line:/ {
      frame = $1; sub(/\(.*/, "", frame)
      if (depth == 0) { self[frame]++; total++ }
      if (frame ~ /^io\.cachette\./ && !(frame in seen)) { seen[frame] = 1; inclusive[frame]++ }
      depth++
    }
    END {
      for (f in self) printf "self\t%.1f\t%s\n", 100 * self[f] / total, f
      for (f in inclusive) printf "incl\t%.1f\t%s\n", 100 * inclusive[f] / total, f
      printf "total\t%d\t-\n", total
    }' "$recording.txt" >"$recording.frames"
  echo "$(awk -F'\t' '$1 == "total" { print $2 }' "$recording.frames") samples. Top frames by self samples:"
  awk -F'\t' '$1 == "self" { printf "  %5.1f%%  %s\n", $2, $3 }' "$recording.frames" | sort -k1,1 -rn | head -15
  echo "io.cachette frames, inclusive (on the stack):"
  awk -F'\t' '$1 == "incl" { printf "  %5.1f%%  %s\n", $2, $3 }' "$recording.frames" | sort -k1,1 -rn | head -15
done
