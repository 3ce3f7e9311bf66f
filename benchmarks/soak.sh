#!/usr/bin/env bash
# Bounded soak of a memcached JCache cache under faults (issue 8): 3 local memcached servers started by the
# harness, a paced JCache load with versioned values, a kill/stall every ~60 s. Exits 1 on any stale read.
#
#   benchmarks/soak.sh                     # 10 minutes
#   benchmarks/soak.sh --seconds 120       # see SoakHarness for every option
#
# Environment: MVN_ARGS="-o" (extra Maven arguments), SKIP_BUILD=1 (reuse the last build),
#              JAVA_OPTS="-Dcachette.memcached.operation-timeout-ms=200" (store settings, JVM options)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== building (mvn -B -q -pl benchmarks -am -DskipTests package)"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -pl benchmarks -am -DskipTests package
fi

# The benchmarks module's runtime class path, as benchmarks/run.sh uses it (written by the module's build);
# without that file (a build whose benchmarks module does not write it): the memcached backend's third-party
# class path. Cachette's own modules always come from this tree's target/classes, never from ~/.m2.
CP_FILE="$ROOT/benchmarks/target/benchmark-classpath.txt"
if [[ ! -s "$CP_FILE" ]]; then
  CP_FILE="$ROOT/benchmarks/target/soak-classpath.txt"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -pl memcached-backend -am dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
THIRD_PARTY=$(tr ':' '\n' <"$CP_FILE" | grep -v -e '/io/cachette/' -e '^$' | paste -sd: -)
CP="$ROOT/benchmarks/target/classes:$ROOT/jcache-provider/target/classes:$ROOT/memcached-backend/target/classes"
CP="$CP:$THIRD_PARTY"

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$CP" io.cachette.bench.soak.SoakHarness "$@"
